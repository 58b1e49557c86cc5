import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { MailCache } from '../cache/db';
import { dismissFailed } from '../cache/operation-queue';

/** Changes waiting for the server, and the ones it refused with why; shown in the status bar. */
export function PendingChanges({ db, accountId }: { db: MailCache; accountId: string }) {
  const pending = useLiveQuery(() => db.operations.where('[accountId+state]').equals([accountId, 'pending']).count(), [db, accountId]) ?? 0;
  const failed = useLiveQuery(() => db.operations.where('[accountId+state]').equals([accountId, 'failed']).toArray(), [db, accountId]) ?? [];
  const [open, setOpen] = useState(false);
  return (
    <>
      {pending > 0 && (
        <span className="pending-count">
          {pending.toLocaleString()} change{pending === 1 ? '' : 's'} waiting to be sent
        </span>
      )}
      {failed.length > 0 && (
        <button
          type="button"
          className="failed-count"
          aria-expanded={open}
          onClick={() => {
            setOpen(!open);
          }}
        >
          {failed.length} change{failed.length === 1 ? '' : 's'} failed
        </button>
      )}
      {open && failed.length > 0 && (
        <section className="failed-list" aria-label="Failed changes">
          <ul>
            {failed.map((operation) => (
              <li key={operation.id}>
                <strong>{operation.label}</strong>: {operation.error?.message ?? 'The server refused it.'}{' '}
                <button
                  type="button"
                  onClick={() => {
                    if (operation.id !== undefined) void dismissFailed(db, operation.id);
                  }}
                >
                  Dismiss
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
