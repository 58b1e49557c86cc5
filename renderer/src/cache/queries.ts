import { compareFolders, folderKey, type FolderRecord } from '../../../shared/domain/folder';
import type { CachedBody, CachedMessage, MailCache } from './db';
import { clearFolder } from './folder-rows';

export interface FolderWithCounts extends FolderRecord {
  unread: number;
  depth: number;
}

/** Special-use folders first, each with its unread count from the cache. */
export async function foldersOf(db: MailCache, accountId: string): Promise<FolderWithCounts[]> {
  const folders = (await db.folders.where('accountId').equals(accountId).toArray()).sort(compareFolders);
  const counts = await db.folderCounts.bulkGet(folders.map((folder) => folderKey(accountId, folder.path)));
  return folders.map((folder, index) => ({
    ...folder,
    unread: counts[index]?.unread ?? 0,
    depth: folder.delimiter === null ? 0 : folder.path.split(folder.delimiter).length - 1,
  }));
}

export async function messageCount(db: MailCache, key: string): Promise<number> {
  return (await db.folderCounts.get(key))?.messages ?? 0;
}

/** How the list is ordered: newest first, or by sender A to Z. */
export type ListSort = 'date' | 'sender';

/** One window of the list; the list only ever reads the rows it shows, through an index. */
export function messagePage(db: MailCache, key: string, offset: number, limit: number, sort: ListSort = 'date'): Promise<CachedMessage[]> {
  if (sort === 'sender') return db.messages.where('[folderKey+senderKey]').between([key, ''], [key, '\uffff']).offset(offset).limit(limit).toArray();
  return db.messages.where('[folderKey+date]').between([key, -Infinity], [key, Infinity]).reverse().offset(offset).limit(limit).toArray();
}

export function messageByUid(db: MailCache, key: string, uid: number): Promise<CachedMessage | undefined> {
  return db.messages.get([key, uid]);
}

export function bodyOf(db: MailCache, key: string, uid: number): Promise<CachedBody | undefined> {
  return db.bodies.get([key, uid]);
}

/** Every account's INBOX: RFC 9051 names it INBOX on every server. */
export const UNIFIED_INBOX_PATH = 'INBOX';

/** A window of the unified Inbox across accounts. */
export function unifiedInboxPage(db: MailCache, offset: number, limit: number, sort: ListSort = 'date'): Promise<CachedMessage[]> {
  if (sort === 'sender')
    return db.messages
      .where('[path+senderKey]')
      .between([UNIFIED_INBOX_PATH, ''], [UNIFIED_INBOX_PATH, '\uffff'])
      .offset(offset)
      .limit(limit)
      .toArray();
  return db.messages
    .where('[path+date]')
    .between([UNIFIED_INBOX_PATH, -Infinity], [UNIFIED_INBOX_PATH, Infinity])
    .reverse()
    .offset(offset)
    .limit(limit)
    .toArray();
}

export async function unifiedInboxCounts(db: MailCache, accountIds: readonly string[]): Promise<{ messages: number; unread: number }> {
  const counts = await db.folderCounts.bulkGet(accountIds.map((id) => folderKey(id, UNIFIED_INBOX_PATH)));
  return counts.reduce((sum, count) => ({ messages: sum.messages + (count?.messages ?? 0), unread: sum.unread + (count?.unread ?? 0) }), {
    messages: 0,
    unread: 0,
  });
}

/** Everything the cache holds of an account, gone: it was removed on this computer. */
export async function forgetAccount(db: MailCache, accountId: string): Promise<void> {
  await db.transaction(
    'rw',
    [db.accounts, db.folders, db.messages, db.folderStates, db.folderCounts, db.bodies, db.bodyIndex, db.operations],
    async () => {
      const folders = await db.folders.where('accountId').equals(accountId).toArray();
      for (const folder of folders) await clearFolder(db, folderKey(accountId, folder.path));
      await db.folders.where('accountId').equals(accountId).delete();
      await db.operations.filter((operation) => operation.accountId === accountId).delete();
      await db.accounts.delete(accountId);
    },
  );
}
