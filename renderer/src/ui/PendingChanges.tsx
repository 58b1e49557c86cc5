import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { MailCache } from '../cache/db';
import { dismissFailed } from '../cache/operation-queue';
import type { Draft } from '../../../shared/domain/draft';

function changes(count: number): string {
  return `${count.toLocaleString()} change${count === 1 ? '' : 's'}`;
}

/** Changes waiting for the server, and the ones it refused with why; the list opens from the status bar. */
export function PendingChanges({
  db,
  accountId,
  onOpenDraft,
}: {
  db: MailCache;
  accountId: string;
  /** A draft the server refused, opened again to save once more (or to copy its text). */
  onOpenDraft: (draft: Draft, failedOperationId: number) => void;
}) {
  const pending = useLiveQuery(() => db.operations.where('[accountId+state]').equals([accountId, 'pending']).sortBy('id'), [db, accountId]) ?? [];
  const failed = useLiveQuery(() => db.operations.where('[accountId+state]').equals([accountId, 'failed']).toArray(), [db, accountId]) ?? [];
  const [open, setOpen] = useState(false);
  if (pending.length === 0 && failed.length === 0) return null;
  return (
    <>
      <button
        type="button"
        className={failed.length > 0 ? 'failed-count' : 'pending-count'}
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
      >
        {[pending.length > 0 ? `${changes(pending.length)} waiting to be sent` : '', failed.length > 0 ? `${changes(failed.length)} failed` : '']
          .filter(Boolean)
          .join(', ')}
      </button>
      {open && (
        <section className="changes-list" aria-label="Changes">
          {failed.length > 0 && (
            <>
              <h2>Refused by the server</h2>
              <ul>
                {failed.map((operation) => (
                  <li key={operation.id}>
                    <strong>{operation.label}</strong>: {operation.error?.message ?? 'The server refused it.'}{' '}
                    {operation.operation.kind === 'saveDraft' && operation.id !== undefined && (
                      <button
                        type="button"
                        onClick={() => {
                          if (operation.operation.kind === 'saveDraft' && operation.id !== undefined)
                            onOpenDraft(operation.operation.draft, operation.id);
                        }}
                      >
                        Open the draft
                      </button>
                    )}{' '}
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
            </>
          )}
          {pending.length > 0 && (
            <>
              <h2>Waiting to be sent</h2>
              <ol>
                {pending.slice(0, 200).map((operation) => (
                  <li key={operation.id}>{operation.label}</li>
                ))}
              </ol>
              {pending.length > 200 && <p>…and {(pending.length - 200).toLocaleString()} more.</p>}
            </>
          )}
        </section>
      )}
    </>
  );
}
