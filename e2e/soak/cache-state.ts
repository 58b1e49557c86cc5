import { folderKey } from '../../shared/domain/folder';
import type { MailCache } from '../../renderer/src/cache/db';
import { normalFlags, type MailState, type MessageShape } from './server-state';

/** What the cache holds besides the mail: what must be gone once the engine has caught up. */
export interface CacheLeftovers {
  /** Rows of moves the server never confirmed (negative UIDs), by folder. */
  placeholders: Map<string, number>;
  pendingOperations: number;
  failedOperations: number;
  /** Folder counts (sidebar and list) that disagree with the rows they count. */
  countMismatches: string[];
}

export interface CacheState extends MailState {
  leftovers: CacheLeftovers;
}

/** The account as the cache shows it to the UI. */
export async function cacheState(db: MailCache, accountId: string): Promise<CacheState> {
  const folders = new Map<string, { path: string; parentPath: string | null; selectable: boolean; subscribed: boolean }>();
  for (const folder of await db.folders.where('accountId').equals(accountId).toArray()) {
    // The engine stores an unsubscribed folder's `subscribed` as imapflow reports it, undefined, though
    // the type says boolean. The UI reads that as false, and so does the comparison.
    const subscribed: unknown = folder.subscribed;
    folders.set(folder.path, { path: folder.path, parentPath: folder.parentPath, selectable: folder.selectable, subscribed: subscribed === true });
  }
  const messages = new Map<string, MessageShape[]>();
  const placeholders = new Map<string, number>();
  const countMismatches: string[] = [];
  const rowsByFolder = new Map<string, Array<{ uid: number; flags: string[]; messageId: string | null; unread: number }>>();
  for (const row of await db.messages.toArray()) {
    if (row.accountId !== accountId) continue;
    const rows = rowsByFolder.get(row.path) ?? [];
    rows.push(row);
    rowsByFolder.set(row.path, rows);
  }
  for (const [path, rows] of rowsByFolder) {
    const real = rows.filter((row) => row.uid > 0).sort((a, b) => a.uid - b.uid);
    messages.set(
      path,
      real.map((row) => ({ uid: row.uid, flags: normalFlags(row.flags), messageId: row.messageId })),
    );
    const negative = rows.length - real.length;
    if (negative > 0) placeholders.set(path, negative);
  }
  for (const path of new Set([...folders.keys(), ...rowsByFolder.keys()])) {
    const rows = rowsByFolder.get(path) ?? [];
    const counts = await db.folderCounts.get(folderKey(accountId, path));
    const unread = rows.reduce((sum, row) => sum + row.unread, 0);
    if ((counts?.messages ?? 0) !== rows.length || (counts?.unread ?? 0) !== unread) {
      countMismatches.push(
        `${path}: counts say ${counts?.messages ?? 0} (${counts?.unread ?? 0} unread), rows are ${rows.length} (${unread} unread)`,
      );
    }
  }
  let pendingOperations = 0;
  let failedOperations = 0;
  for (const operation of await db.operations.toArray()) {
    if (operation.accountId !== accountId) continue;
    if (operation.state === 'pending') pendingOperations += 1;
    if (operation.state === 'failed') failedOperations += 1;
  }
  return { folders, messages, leftovers: { placeholders, pendingOperations, failedOperations, countMismatches } };
}
