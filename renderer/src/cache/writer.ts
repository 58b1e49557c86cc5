import type { CacheDelta, FlagUpdate, FolderRef, FolderSyncState, MessageRef } from '../../../shared/cache/delta';
import type { CachePort } from '../../../shared/cache/port';
import { folderKey, type FolderRecord } from '../../../shared/domain/folder';
import { isSeen, type MessageHeader } from '../../../shared/domain/message';
import type { CachedMessage, MailCache } from './db';

function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((flag) => b.includes(flag));
}

function toCachedMessage(accountId: string, path: string, header: MessageHeader): CachedMessage {
  return { ...header, folderKey: folderKey(accountId, path), accountId, path, unread: isSeen(header.flags) ? 0 : 1 };
}

/**
 * Applies the engine's deltas, each in one transaction, with the folder's sync state in the same
 * transaction as the data it describes: a crash can never leave the two out of step.
 */
export class CacheWriter implements CachePort {
  constructor(private readonly db: MailCache) {}

  async apply(delta: CacheDelta): Promise<void> {
    switch (delta.kind) {
      case 'account':
        await this.db.accounts.put(delta.account);
        return;
      case 'folders':
        await this.replaceFolders(delta.accountId, delta.folders);
        return;
      case 'messages':
        await this.applyMessages(delta);
        return;
      case 'previews':
        await this.applyPreviews(delta);
        return;
      case 'body':
        await this.applyBody(delta);
        return;
      default: {
        const unknownDelta: never = delta;
        throw new Error(`Unknown cache delta ${JSON.stringify(unknownDelta)}`);
      }
    }
  }

  async folderState(ref: FolderRef): Promise<FolderSyncState | null> {
    const state = await this.db.folderStates.get(folderKey(ref.accountId, ref.path));
    if (state === undefined) return null;
    const { folderKey: _key, ...rest } = state;
    return rest;
  }

  async hasBody(ref: MessageRef): Promise<boolean> {
    const key = folderKey(ref.accountId, ref.path);
    return this.db.transaction('r', this.db.folderStates, this.db.bodies, async () => {
      const state = await this.db.folderStates.get(key);
      return state?.uidValidity === ref.uidValidity && (await this.db.bodies.get([key, ref.uid])) !== undefined;
    });
  }

  async knownUids(ref: FolderRef): Promise<number[]> {
    const key = folderKey(ref.accountId, ref.path);
    const keys = await this.db.messages.where('[folderKey+uid]').between([key, 0], [key, Number.MAX_SAFE_INTEGER], true, true).primaryKeys();
    return keys.map(([, uid]) => uid);
  }

  private async replaceFolders(accountId: string, folders: readonly FolderRecord[]): Promise<void> {
    const db = this.db;
    await db.transaction('rw', [db.folders, db.messages, db.folderStates, db.bodies], async () => {
      const present = new Set(folders.map((folder) => folder.path));
      const gone = (await db.folders.where('accountId').equals(accountId).toArray()).filter((folder) => !present.has(folder.path));
      for (const folder of gone) await this.clearFolder(folderKey(accountId, folder.path));
      await db.folders.bulkDelete(gone.map((folder): [string, string] => [accountId, folder.path]));
      await db.folders.bulkPut(folders);
    });
  }

  private async applyMessages(delta: CacheDelta & { kind: 'messages' }): Promise<void> {
    const db = this.db;
    const key = folderKey(delta.accountId, delta.path);
    await db.transaction('rw', [db.messages, db.folderStates, db.bodies], async () => {
      if (delta.reset) await this.clearFolder(key);
      if (delta.expunged.length > 0) {
        const gone = delta.expunged.map((uid): [string, number] => [key, uid]);
        await db.messages.bulkDelete(gone);
        await db.bodies.bulkDelete(gone);
      }
      if (delta.flagUpdates.length > 0) await this.updateFlags(key, delta.flagUpdates);
      await db.messages.bulkPut(delta.upserts.map((header) => toCachedMessage(delta.accountId, delta.path, header)));
      await db.folderStates.put({ ...delta.state, folderKey: key });
    });
  }

  /** Rewrites only the rows whose flags really changed, so unchanged rows wake no live query. */
  private async updateFlags(key: string, updates: readonly FlagUpdate[]): Promise<void> {
    const rows = await this.db.messages.bulkGet(updates.map((update): [string, number] => [key, update.uid]));
    const changed: CachedMessage[] = [];
    for (const [index, row] of rows.entries()) {
      const flags = updates[index]?.flags;
      if (row === undefined || flags === undefined || sameFlags(row.flags, flags)) continue;
      changed.push({ ...row, flags, unread: isSeen(flags) ? 0 : 1 });
    }
    await this.db.messages.bulkPut(changed);
  }

  private async applyPreviews(delta: CacheDelta & { kind: 'previews' }): Promise<void> {
    const db = this.db;
    const key = folderKey(delta.accountId, delta.path);
    await db.transaction('rw', [db.folderStates, db.messages], async () => {
      if ((await db.folderStates.get(key))?.uidValidity !== delta.uidValidity) return;
      const rows = await db.messages.bulkGet(delta.previews.map(({ uid }): [string, number] => [key, uid]));
      const updated = rows.flatMap((row, index) => {
        const preview = delta.previews[index]?.preview;
        return row === undefined || preview === undefined ? [] : [{ ...row, preview }];
      });
      await db.messages.bulkPut(updated);
    });
  }

  private async applyBody(delta: CacheDelta & { kind: 'body' }): Promise<void> {
    const db = this.db;
    const key = folderKey(delta.accountId, delta.path);
    await db.transaction('rw', [db.folderStates, db.bodies], async () => {
      // A body fetched before a UIDVALIDITY change belongs to a message that no longer has this UID.
      const state = await db.folderStates.get(key);
      if (state?.uidValidity !== delta.uidValidity) return;
      await db.bodies.put({ ...delta.body, folderKey: key, uid: delta.uid, fetchedAt: Date.now() });
    });
  }

  private async clearFolder(key: string): Promise<void> {
    await this.db.messages.where('[folderKey+uid]').between([key, 0], [key, Number.MAX_SAFE_INTEGER], true, true).delete();
    await this.db.bodies.where('[folderKey+uid]').between([key, 0], [key, Number.MAX_SAFE_INTEGER], true, true).delete();
    await this.db.folderStates.delete(key);
  }
}
