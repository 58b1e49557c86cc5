import type { ConnectionSecurity } from '../../../shared/domain/account';

interface Props {
  id: string;
  value: ConnectionSecurity;
  error: string | undefined;
  onChange: (security: ConnectionSecurity) => void;
}

/** How an account's connection is secured, TLS first; plain text is offered last and named as such. */
export function SecuritySelect({ id, value, error, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>Security</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          onChange(event.target.value as ConnectionSecurity);
        }}
      >
        <option value="tls">TLS (recommended)</option>
        <option value="starttls">STARTTLS</option>
        <option value="plain">None (not recommended)</option>
      </select>
      {error !== undefined && <p className="field-error">{error}</p>}
    </div>
  );
}
