import { Dexie, type EntityTable } from 'dexie';
import type { FolderSyncState } from '../../../shared/cache/delta';
import type { AccountSummary } from '../../../shared/domain/account';
import type { FolderRecord } from '../../../shared/domain/folder';
import type { MessageBody, MessageHeader } from '../../../shared/domain/message';

export interface CachedMessage extends MessageHeader {
  folderKey: string;
  accountId: string;
  path: string;
  /** 1 or 0: IndexedDB cannot index booleans. */
  unread: 0 | 1;
}

export interface CachedFolderState extends FolderSyncState {
  folderKey: string;
}

export interface CachedBody extends MessageBody {
  folderKey: string;
  uid: number;
  fetchedAt: number;
}

export type CachedAccount = AccountSummary;
export type CachedFolder = FolderRecord;

/** The mail cache. Everything the UI shows is read from here; the engine's deltas are written here. */
export class MailCache extends Dexie {
  accounts!: EntityTable<CachedAccount, 'id'>;
  folders!: Dexie.Table<CachedFolder, [string, string]>;
  messages!: Dexie.Table<CachedMessage, [string, number]>;
  folderStates!: EntityTable<CachedFolderState, 'folderKey'>;
  bodies!: Dexie.Table<CachedBody, [string, number]>;

  constructor(name: string, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      accounts: 'id',
      // accountId: the sidebar lists one account's folders.
      folders: '[accountId+path], accountId',
      // [folderKey+date]: the message list, newest first. [folderKey+unread]: unread counts.
      messages: '[folderKey+uid], [folderKey+date], [folderKey+unread]',
      folderStates: 'folderKey',
      bodies: '[folderKey+uid]',
    });
  }
}
