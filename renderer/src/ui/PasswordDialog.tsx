import { useState } from 'react';
import type { KestrelApi } from '../../../shared/ipc/contract';
import { ModalDialog } from './Dialog';

interface Props {
  api: KestrelApi;
  accountId: string;
  email: string;
  onDone: () => void;
}

/** The server rejected the password: a new one, kept once the server accepts it. */
export function PasswordDialog({ api, accountId, email, onDone }: Props) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <ModalDialog label="Enter the password" onCancel={onDone}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          void api.invoke('accounts.updatePassword', { accountId, password }).then((result) => {
            setBusy(false);
            if (result.ok) onDone();
            else setError(result.error.message);
          });
        }}
      >
        <h2>Enter the password for {email}</h2>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
            }}
          />
        </label>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" disabled={busy || password === ''}>
            {busy ? 'Checking…' : 'Save password'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
