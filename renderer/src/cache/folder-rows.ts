import { folderKey, type FolderRecord } from '../../../shared/domain/folder';
import type { MailCache } from './db';
import { indexRows } from './row-words';

const ALL_UIDS: [number, number] = [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];

/** Keys of every row of one folder, placeholders of pending moves (negative UIDs) included. */
export function wholeFolder(key: string): [[string, number], [string, number]] {
  return [
    [key, ALL_UIDS[0]],
    [key, ALL_UIDS[1]],
  ];
}

/**
 * Moves a folder's counts by the given amounts. Called inside the transaction that changed the rows;
 * nothing changed means no write, so that the sidebar's live query stays asleep.
 */
export async function adjustCounts(db: MailCache, key: string, messages: number, unread: number): Promise<void> {
  const current = await db.folderCounts.get(key);
  if (current !== undefined && messages === 0 && unread === 0) return;
  await db.folderCounts.put({ folderKey: key, messages: (current?.messages ?? 0) + messages, unread: (current?.unread ?? 0) + unread });
}

/** Rows that came into a folder (`direction` 1) or left it (-1): its message and unread counts follow. */
export async function countRows(db: MailCache, key: string, rows: ReadonlyArray<{ unread: number }>, direction: 1 | -1): Promise<void> {
  await adjustCounts(db, key, direction * rows.length, direction * rows.reduce((sum, row) => sum + row.unread, 0));
}

export async function deleteBodies(db: MailCache, keys: Array<[string, number]>): Promise<void> {
  await db.bodies.bulkDelete(keys);
  await db.bodyIndex.bulkDelete(keys);
}

/** Everything the cache holds for one folder, gone: rows, bodies, counts and sync state. */
export async function clearFolder(db: MailCache, key: string): Promise<void> {
  const [lower, upper] = wholeFolder(key);
  await db.messages.where('[folderKey+uid]').between(lower, upper, true, true).delete();
  await db.bodies.where('[folderKey+uid]').between(lower, upper, true, true).delete();
  await db.bodyIndex.where('[folderKey+uid]').between(lower, upper, true, true).delete();
  await db.folderCounts.delete(key);
  await db.folderStates.delete(key);
}

/**
 * Files everything cached for a folder under its new path (a rename): UIDs and UIDVALIDITY survive a
 * rename on the server (RFC 9051 section 6.3.6), so nothing needs fetching again.
 */
export async function rekeyFolder(db: MailCache, accountId: string, fromPath: string, toPath: string): Promise<void> {
  const from = folderKey(accountId, fromPath);
  const to = folderKey(accountId, toPath);
  const [lower, upper] = wholeFolder(from);
  const messages = (await db.messages.where('[folderKey+uid]').between(lower, upper, true, true).toArray()).map((row) => ({
    ...row,
    folderKey: to,
    path: toPath,
  }));
  await db.messages.bulkPut(messages);
  const bodies = await db.bodies.where('[folderKey+uid]').between(lower, upper, true, true).toArray();
  await db.bodies.bulkPut(bodies.map((row) => ({ ...row, folderKey: to })));
  await indexRows(db, messages, new Map(bodies.map((body) => [body.uid, body.text])));
  const index = await db.bodyIndex.where('[folderKey+uid]').between(lower, upper, true, true).toArray();
  await db.bodyIndex.bulkPut(index.map((row) => ({ ...row, folderKey: to })));
  const state = await db.folderStates.get(from);
  if (state !== undefined) await db.folderStates.put({ ...state, folderKey: to });
  const counts = await db.folderCounts.get(from);
  if (counts !== undefined) await db.folderCounts.put({ ...counts, folderKey: to });
  await db.messages.where('[folderKey+uid]').between(lower, upper, true, true).delete();
  await db.bodies.where('[folderKey+uid]').between(lower, upper, true, true).delete();
  await db.bodyIndex.where('[folderKey+uid]').between(lower, upper, true, true).delete();
  await db.folderStates.delete(from);
  await db.folderCounts.delete(from);
}

/** The folder and every folder below it, as IMAP RENAME moves them: each renamed, its mail re-filed. */
export async function renameFolderTree(db: MailCache, accountId: string, fromPath: string, toPath: string): Promise<void> {
  const folders = await db.folders.where('accountId').equals(accountId).toArray();
  const root = folders.find((folder) => folder.path === fromPath);
  if (root === undefined) return;
  const delimiter = root.delimiter;
  const renamed = (path: string): string => toPath + path.slice(fromPath.length);
  for (const folder of folders.filter((candidate) => renamedBy(candidate.path, fromPath, toPath, delimiter) !== null)) {
    const path = renamed(folder.path);
    const parentPath = folder.path === fromPath ? parentOf(path, delimiter) : folder.parentPath === null ? null : renamed(folder.parentPath);
    const next: FolderRecord = { ...folder, path, parentPath, name: nameOf(path, delimiter) };
    await db.folders.delete([accountId, folder.path]);
    await db.folders.put(next);
    await rekeyFolder(db, accountId, folder.path, path);
  }
}

/** Where renaming `from` to `to` moves `path`: the folder itself or one below it; null for any other. */
export function renamedBy(path: string, from: string, to: string, delimiter: string | null): string | null {
  return path === from || (delimiter !== null && path.startsWith(from + delimiter)) ? to + path.slice(from.length) : null;
}

/** The account's hierarchy delimiter, as its folders report it; null where it keeps no hierarchy. */
export async function accountDelimiter(db: MailCache, accountId: string): Promise<string | null> {
  return (await db.folders.where('accountId').equals(accountId).toArray()).find((folder) => folder.delimiter !== null)?.delimiter ?? null;
}

export function parentOf(path: string, delimiter: string | null): string | null {
  if (delimiter === null) return null;
  const at = path.lastIndexOf(delimiter);
  return at <= 0 ? null : path.slice(0, at);
}

export function nameOf(path: string, delimiter: string | null): string {
  return delimiter === null ? path : path.slice(path.lastIndexOf(delimiter) + delimiter.length);
}
