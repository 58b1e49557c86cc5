interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Shown under the field and tied to it for screen readers; the field is marked invalid meanwhile. */
  error?: string | undefined;
  name?: string;
  type?: string;
  autoComplete?: string;
  placeholder?: string;
}

/** A labelled text input with its error, as every form here shows them. */
export function TextField({ id, label, value, onChange, error, type = 'text', ...attributes }: Props) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        aria-invalid={error !== undefined}
        aria-describedby={error === undefined ? undefined : errorId}
        onChange={(event) => {
          onChange(event.target.value);
        }}
        {...attributes}
      />
      {error !== undefined && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
