import { compareFolders, folderKey, type FolderRecord } from '../../../shared/domain/folder';
import type { CachedBody, CachedMessage, MailCache } from './db';

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

/** One window of the list, newest first; the list only ever reads the rows it shows. */
export function messagePage(db: MailCache, key: string, offset: number, limit: number): Promise<CachedMessage[]> {
  return db.messages.where('[folderKey+date]').between([key, -Infinity], [key, Infinity]).reverse().offset(offset).limit(limit).toArray();
}

export function messageByUid(db: MailCache, key: string, uid: number): Promise<CachedMessage | undefined> {
  return db.messages.get([key, uid]);
}

export function bodyOf(db: MailCache, key: string, uid: number): Promise<CachedBody | undefined> {
  return db.bodies.get([key, uid]);
}
