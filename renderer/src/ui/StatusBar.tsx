import type { ReactNode } from 'react';
import type { AccountSummary } from '../../../shared/domain/account';
import type { AccountStatus } from '../../../shared/ipc/contract';
import { accountColor } from './account-colors';
import { PlaintextAccountWarning } from './PlaintextWarning';
import { SECRETS_IN_FILE_WARNING } from './secret-storage-text';

interface Props {
  statuses: ReadonlyArray<{ account: AccountSummary; status: AccountStatus | undefined }>;
  hostConnected: boolean;
  /** Passwords sit in a file without keychain encryption (browser mode): said as long as the window is open. */
  secretsInFile: boolean;
  /** What main noticed about the password file (it was readable by others), kept in view. */
  secretsNotice: string | null;
  onRetry: (accountId: string) => void;
  /** The server rejected the password: the way to enter it again. */
  onReenterPassword: (accountId: string) => void;
  /** The server presented a certificate that is not trusted: the way to look at it and perhaps trust it. */
  onReviewCertificate: (accountId: string) => void;
  /** The OAuth2 provider refused the account's sign-in: the way to sign in again (its own component). */
  signInAgain: (account: AccountSummary) => ReactNode;
  /** Pending and failed changes, beside the sync state. */
  children?: ReactNode;
}

function timeLeft(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  return seconds < 60 ? `, about ${seconds} s left` : `, about ${Math.ceil(seconds / 60)} min left`;
}

function describe(status: AccountStatus | undefined): string {
  switch (status?.state) {
    case undefined:
      return 'Starting…';
    case 'connecting':
      return 'Connecting…';
    case 'syncing':
      return status.progress !== undefined && status.progress.total > 0
        ? `Syncing ${status.folder ?? ''}: ${status.progress.done} of ${status.progress.total}${timeLeft(status.progress.secondsLeft)}`
        : `Syncing ${status.folder ?? ''}…`;
    case 'idle':
      return 'Up to date';
    case 'offline':
      return 'Offline: showing cached mail';
    case 'error':
      return status.error?.message ?? 'Sync failed';
  }
}

function recoveryButton(
  account: AccountSummary,
  status: AccountStatus | undefined,
  {
    onRetry,
    onReenterPassword,
    onReviewCertificate,
    signInAgain,
  }: Pick<Props, 'onRetry' | 'onReenterPassword' | 'onReviewCertificate' | 'signInAgain'>,
): ReactNode {
  const accountId = account.id;
  const button = (label: string, action: (accountId: string) => void) => (
    <button
      type="button"
      onClick={() => {
        action(accountId);
      }}
    >
      {label}
    </button>
  );
  if (status?.error?.code === 'SIGN_IN_AGAIN') return signInAgain(account);
  if (status?.error?.code === 'AUTH_FAILED') return button('Enter password', onReenterPassword);
  if (status?.error?.code === 'CERTIFICATE_UNTRUSTED' && status.error.certificate !== undefined)
    return button('Review certificate', onReviewCertificate);
  if (status?.state === 'offline' || status?.state === 'error') return button('Retry', onRetry);
  return null;
}

export function StatusBar({
  statuses,
  hostConnected,
  secretsInFile,
  secretsNotice,
  onRetry,
  onReenterPassword,
  onReviewCertificate,
  signInAgain,
  children,
}: Props) {
  const offline = !hostConnected || statuses.some(({ status }) => status?.state === 'offline');
  const several = statuses.length > 1;
  return (
    <footer className={`status-bar${offline ? ' offline' : ''}`} role="status" aria-label="Sync status">
      {!hostConnected && <span>Offline: the Kestrel host is not running; showing cached mail</span>}
      {hostConnected &&
        statuses.map(({ account, status }) => (
          <span key={account.id} className="account-status">
            {several && <span className="account-dot" style={{ background: accountColor(account.id) }} aria-hidden="true" />}
            {several ? `${account.email}: ${describe(status)}` : describe(status)}
            {status?.state === 'syncing' && status.progress !== undefined && status.progress.total > 0 && (
              <progress aria-label={`Syncing ${status.folder ?? ''}`} value={status.progress.done} max={status.progress.total} />
            )}
            {recoveryButton(account, status, { onRetry, onReenterPassword, onReviewCertificate, signInAgain })}
          </span>
        ))}
      {statuses.map(({ account }) => account.security === 'plain' && <PlaintextAccountWarning key={account.id} email={account.email} />)}
      {children}
      {secretsInFile && <span className="warning">{SECRETS_IN_FILE_WARNING}</span>}
      {secretsNotice !== null && <span className="warning">{secretsNotice}</span>}
    </footer>
  );
}
