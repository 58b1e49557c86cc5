import { useState, type SyntheticEvent } from 'react';
import { accountDraftSchema, type AccountDraft, type AccountSummary, type ConnectionSecurity } from '../../../shared/domain/account';
import type { CertificateProblem } from '../../../shared/domain/certificate';
import type { KestrelApi } from '../../../shared/ipc/contract';
import type { SecretStorage } from '../../../shared/domain/secret-storage';
import type { DiscoveredSettings } from '../../../shared/domain/discovery';
import { CertificateDialog } from './CertificateDialog';
import { ModalDialog } from './Dialog';
import { FindSettings } from './FindSettings';
import { OAuthSignIn } from './OAuthSignIn';
import { PlaintextConsent } from './PlaintextWarning';
import { SecuritySelect } from './SecuritySelect';
import { TextField } from './TextField';
import { SECRETS_IN_FILE_WARNING } from './secret-storage-text';
import { secretsInFile } from './use-secret-storage';

interface Props {
  api: KestrelApi;
  /** Where the password will be kept; null until main has said. */
  secretStorage: SecretStorage | null;
  browserMode: boolean;
  onAdded: (account: AccountSummary) => void;
  /** Shown in a dialog (another account) rather than as the first-run page; Cancel closes it. */
  onCancel?: () => void;
}

type FieldName = 'displayName' | 'email' | 'host' | 'port' | 'security' | 'username' | 'password';
const defaultPorts: Record<ConnectionSecurity, number> = { tls: 993, starttls: 143, plain: 143 };

/** First run: the account is saved only after the server accepted the login. */
export function AddAccountForm({ api, secretStorage, browserMode, onAdded, onCancel }: Props) {
  const [values, setValues] = useState({
    displayName: '',
    email: '',
    host: '',
    port: '993',
    security: 'tls' as ConnectionSecurity,
    username: '',
    password: '',
  });
  const [portTouched, setPortTouched] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [plaintextConsent, setPlaintextConsent] = useState(false);
  /** The server presented a certificate the system does not trust: the user decides. */
  const [certificate, setCertificate] = useState<CertificateProblem | null>(null);

  const parseDraft = (trustedCertificate?: string) =>
    accountDraftSchema.safeParse({
      ...values,
      port: values.port.trim() === '' ? Number.NaN : Number(values.port),
      ...(values.security === 'plain' && plaintextConsent ? { plaintextOptIn: true } : {}),
      ...(trustedCertificate === undefined ? {} : { trustedCertificate }),
    });

  const set = (field: FieldName, value: string): void => {
    setValues((current) => ({ ...current, [field]: value }));
  };

  const fill = ({ host, port, security, username }: DiscoveredSettings, foundFor: string): void => {
    // The address was changed while the look-up ran: these settings belong to the old one.
    setValues((current) => (current.email !== foundFor ? current : { ...current, host, port: String(port), security, username }));
    setErrors((current) => ({ ...current, host: undefined, port: undefined, security: undefined, username: undefined }));
  };

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setFormError(null);
    const draft = parseDraft();
    if (!draft.success) {
      const fieldErrors: Partial<Record<FieldName, string>> = {};
      for (const issue of draft.error.issues) {
        const field = issue.path[0] as FieldName | undefined;
        if (field !== undefined && fieldErrors[field] === undefined) fieldErrors[field] = issue.message;
      }
      setErrors(fieldErrors);
      setFormError('Some fields need attention.');
      return;
    }
    setErrors({});
    await send(draft.data);
  };

  const send = async (draft: AccountDraft): Promise<void> => {
    setBusy(true);
    const result = await api.invoke('accounts.add', draft);
    setBusy(false);
    if (result.ok) {
      setCertificate(null);
      onAdded(result.value);
      return;
    }
    setCertificate(result.error.certificate ?? null);
    setFormError(result.error.message);
    const field = result.error.field as FieldName | undefined;
    if (field !== undefined) setErrors({ [field]: result.error.message });
  };

  const field = (name: FieldName, label: string, props: { type?: string; autoComplete?: string; placeholder?: string } = {}) => (
    <TextField
      id={`account-${name}`}
      name={name}
      label={label}
      value={values[name]}
      error={errors[name]}
      onChange={(value) => {
        if (name === 'port') setPortTouched(true);
        set(name, value);
      }}
      {...props}
    />
  );

  const form = (
    <form className="account-form" aria-labelledby="add-account-title" onSubmit={(event) => void submit(event)} noValidate>
      <h1 id="add-account-title">{onCancel === undefined ? 'Add your mail account' : 'Add another account'}</h1>
      <p className="hint">Kestrel connects to your IMAP server before it saves anything.</p>
      {field('displayName', 'Your name', { autoComplete: 'name', placeholder: 'Ada Lovelace' })}
      {field('email', 'Email address', { type: 'email', autoComplete: 'email', placeholder: 'ada@example.com' })}
      <FindSettings api={api} email={values.email} onFound={fill} />
      <OAuthSignIn api={api} values={values} onAdded={onAdded} />
      {field('host', 'IMAP server', { placeholder: 'imap.example.com' })}
      <div className="field-row">
        {field('port', 'Port', { type: 'text' })}
        <SecuritySelect
          id="account-security"
          value={values.security}
          error={errors.security}
          onChange={(security) => {
            setValues((current) => ({ ...current, security, port: portTouched ? current.port : String(defaultPorts[security]) }));
          }}
        />
      </div>
      {values.security === 'plain' && <PlaintextConsent consented={plaintextConsent} onChange={setPlaintextConsent} />}
      {field('username', 'User name', { autoComplete: 'username' })}
      {field('password', 'Password', { type: 'password', autoComplete: 'current-password' })}
      {secretsInFile(secretStorage, browserMode) && <p className="warning">{SECRETS_IN_FILE_WARNING}</p>}
      {secretStorage?.problem != null && (
        <p className="form-error" role="alert">
          {secretStorage.problem.message}
        </p>
      )}
      {formError !== null && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="dialog-buttons">
        {onCancel !== undefined && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Connecting…' : 'Add account'}
        </button>
      </div>
    </form>
  );
  const certificateDialog = certificate !== null && (
    <CertificateDialog
      problem={certificate}
      busy={busy}
      error={null}
      onCancel={() => {
        setCertificate(null);
      }}
      onTrust={() => {
        // The same settings again, now accepting exactly the certificate the user looked at.
        const draft = parseDraft(certificate.sha256);
        if (draft.success) void send(draft.data);
      }}
    />
  );
  return onCancel === undefined ? (
    <main className="first-run">
      {form}
      {certificateDialog}
    </main>
  ) : (
    <ModalDialog label="Add another account" onCancel={onCancel}>
      {form}
      {certificateDialog}
    </ModalDialog>
  );
}
