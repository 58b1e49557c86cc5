import type { MailCache } from '../../renderer/src/cache/db';

/** The queue's refused changes, in words: what the user would be shown. */
export async function failedOperations(db: MailCache, accountId: string): Promise<string[]> {
  return (await db.operations.toArray())
    .filter((row) => row.accountId === accountId && row.state === 'failed')
    .map((row) => `#${row.id ?? '?'} ${row.label}: ${row.error?.message ?? 'no reason'} ${JSON.stringify(row.operation)}`);
}
