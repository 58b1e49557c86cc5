import { useState, type SyntheticEvent } from 'react';
import { accountEditSchema, type AccountSummary, type ConnectionSecurity } from '../../../shared/domain/account';
import type { KestrelApi } from '../../../shared/ipc/contract';
import { ModalDialog } from './Dialog';
import { PlaintextConsent } from './PlaintextWarning';
import { SecuritySelect } from './SecuritySelect';
import { TextField } from './TextField';

interface Props {
  api: KestrelApi;
  account: AccountSummary;
  onSaved: (account: AccountSummary) => void;
  onCancel: () => void;
}

type FieldName = 'displayName' | 'email' | 'host' | 'port' | 'username';

/** An account's settings, changed: new server settings are saved only once the server accepts a login with them. */
export function EditAccountDialog({ api, account, onSaved, onCancel }: Props) {
  const [values, setValues] = useState<Record<FieldName, string>>({
    displayName: account.displayName,
    email: account.email,
    host: account.host,
    port: String(account.port),
    username: account.username,
  });
  const [security, setSecurity] = useState<ConnectionSecurity>(account.security);
  const [plaintextConsent, setPlaintextConsent] = useState(account.plaintextOptIn === true);
  const [errors, setErrors] = useState<Partial<Record<FieldName | 'security', string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setFormError(null);
    const edit = accountEditSchema.safeParse({
      ...values,
      accountId: account.id,
      port: values.port.trim() === '' ? Number.NaN : Number(values.port),
      security,
      ...(security === 'plain' && plaintextConsent ? { plaintextOptIn: true } : {}),
    });
    if (!edit.success) {
      const fieldErrors: Partial<Record<FieldName | 'security', string>> = {};
      for (const issue of edit.error.issues) {
        const field = issue.path[0] as FieldName | 'security' | undefined;
        if (field !== undefined && fieldErrors[field] === undefined) fieldErrors[field] = issue.message;
      }
      setErrors(fieldErrors);
      setFormError('Some fields need attention.');
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await api.invoke('accounts.update', edit.data);
    setBusy(false);
    if (result.ok) {
      onSaved(result.value);
      return;
    }
    setFormError(result.error.message);
    const field = result.error.field as FieldName | undefined;
    if (field !== undefined) setErrors({ [field]: result.error.message });
  };

  const field = (name: FieldName, label: string, type = 'text') => (
    <TextField
      id={`edit-account-${name}`}
      name={name}
      label={label}
      type={type}
      value={values[name]}
      error={errors[name]}
      onChange={(value) => {
        setValues((current) => ({ ...current, [name]: value }));
      }}
    />
  );

  return (
    <ModalDialog label={`Settings for ${account.email}`} onCancel={onCancel}>
      <form className="account-form" onSubmit={(event) => void submit(event)} noValidate>
        <h2>Settings for {account.email}</h2>
        {field('displayName', 'Your name')}
        {field('email', 'Email address', 'email')}
        {field('host', 'IMAP server')}
        <div className="field-row">
          {field('port', 'Port')}
          <SecuritySelect id="edit-account-security" value={security} error={errors.security} onChange={setSecurity} />
        </div>
        {security === 'plain' && <PlaintextConsent consented={plaintextConsent} onChange={setPlaintextConsent} />}
        {field('username', 'User name')}
        <p className="hint">A new server, port, security or user name is tried with a login before it is saved.</p>
        {formError !== null && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Checking…' : 'Save'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
