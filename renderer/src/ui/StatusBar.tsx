import type { ReactNode } from 'react';
import type { AccountStatus } from '../../../shared/ipc/contract';

interface Props {
  status: AccountStatus | undefined;
  hostConnected: boolean;
  browserMode: boolean;
  onRetry: () => void;
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

export function StatusBar({ status, hostConnected, browserMode, onRetry, children }: Props) {
  const offline = !hostConnected || status?.state === 'offline';
  return (
    <footer className={`status-bar${offline ? ' offline' : ''}`} role="status" aria-label="Sync status">
      <span>{hostConnected ? describe(status) : 'Offline: the Kestrel host is not running; showing cached mail'}</span>
      {status?.state === 'syncing' && status.progress !== undefined && status.progress.total > 0 && (
        <progress aria-label={`Syncing ${status.folder ?? ''}`} value={status.progress.done} max={status.progress.total} />
      )}
      {(status?.state === 'offline' || status?.state === 'error') && hostConnected && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
      {children}
      {browserMode && (
        <span className="warning">Browser mode: the password is kept in a file readable only by your user, not in the OS keychain.</span>
      )}
    </footer>
  );
}
