import { useEffect, useRef, useState, type ReactNode } from 'react';

interface ConfirmProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question; Escape or Cancel says no. Electron has no window.confirm, so the app asks itself. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel }: ConfirmProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog" role="alertdialog" aria-label={title} onCancel={onCancel}>
      <h2>{title}</h2>
      <div>{children}</div>
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

interface TextProps {
  title: string;
  label: string;
  initial: string;
  submitLabel: string;
  onSubmit: (value: string) => void;
  onCancel: () => void;
}

/** Asks for one line of text (a folder name). */
export function TextDialog({ title, label, initial, submitLabel, onSubmit, onCancel }: TextProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(initial);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog" aria-label={title} onCancel={onCancel}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit(value);
        }}
      >
        <h2>{title}</h2>
        <label className="field">
          <span>{label}</span>
          <input
            value={value}
            autoFocus
            onChange={(event) => {
              setValue(event.target.value);
            }}
          />
        </label>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit">{submitLabel}</button>
        </div>
      </form>
    </dialog>
  );
}

/** Any content as a modal dialog; Escape asks its owner to close it. */
export function ModalDialog({ label, onCancel, children }: { label: string; onCancel: () => void; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-label={label}
      onCancel={(event) => {
        // The owner decides: it unmounts the dialog, or keeps it open to ask first (a written message).
        event.preventDefault();
        onCancel();
      }}
      onClose={() => {
        // Browsers may close a dialog on Escape whatever its cancel handler says (when the page had no
        // user activation since): one its owner still shows is opened again.
        const element = dialog.current;
        if (element !== null && element.isConnected && !element.open) element.showModal();
      }}
    >
      {children}
    </dialog>
  );
}
