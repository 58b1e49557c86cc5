import type { BodyStorage, CacheDelta, FlagUpdate, FolderRef, FolderSyncState, MessageRef, WantedBody } from '../../../shared/cache/delta';
import type { CachePort } from '../../../shared/cache/port';
import { folderKey, type FolderRecord } from '../../../shared/domain/folder';
import type { OperationCheckpoint, OperationOutcome, QueuedOperation } from '../../../shared/domain/operation';
import { bodyBytes, isSeen, senderSortKey, type MessageBody, type MessageHeader } from '../../../shared/domain/message';
import { DEFAULT_BODY_BUDGET_BYTES, searchTermsOf, type CachedMessage, type MailCache } from './db';
import { adjustCounts, clearFolder, deleteBodies } from './folder-rows';
import { indexMessages, wordIndexTables } from './word-index';
import { wordsOfRow } from './row-words';
import { operationSettled, operationStarted, pendingFlagOverlay, pendingFolderChanges, pendingOperations, sameFlags } from './operation-queue';

/** Messages read per step when looking for bodies to prefetch. */
const WANTED_PAGE = 200;

function toCachedMessage(accountId: string, path: string, header: MessageHeader): CachedMessage {
  return {
    ...header,
    folderKey: folderKey(accountId, path),
    accountId,
    path,
    unread: isSeen(header.flags) ? 0 : 1,
    senderKey: senderSortKey(header.from),
  };
}

/** What a messages delta may touch: rows, their bodies and counts, the queue's overlay, the word index. */
function messageDeltaTables(db: MailCache) {
  return [db.messages, db.folderStates, db.bodies, db.bodyIndex, db.folderCounts, db.operations, db.folders, ...wordIndexTables(db)];
}

/**
 * Applies the engine's deltas, each in one transaction, with the folder's sync state in the same
 * transaction as the data it describes: a crash can never leave the two out of step.
 */
export class CacheWriter implements CachePort {
  constructor(
    private readonly db: MailCache,
    private readonly budgetBytes: number = DEFAULT_BODY_BUDGET_BYTES,
    /** Orders bodies for eviction; tests pass a clock that always moves forward. */
    private readonly now: () => number = Date.now,
  ) {}

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
        await this.storeBodies(delta.accountId, delta.path, delta.uidValidity, [{ uid: delta.uid, body: delta.body }]);
        return;
      case 'inlineImages':
        await this.applyInlineImages(delta);
        return;
      case 'bodies':
        await this.storeBodies(delta.accountId, delta.path, delta.uidValidity, delta.bodies);
        return;
      case 'found':
        await this.applyFound(delta);
        return;
      case 'folderEmptied': {
        const db = this.db;
        await db.transaction('rw', [db.messages, db.folderStates, db.bodies, db.bodyIndex, db.folderCounts], () =>
          clearFolder(db, folderKey(delta.accountId, delta.path)),
        );
        return;
      }
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

  async knownUids(ref: FolderRef, fromUid = 1): Promise<number[]> {
    const key = folderKey(ref.accountId, ref.path);
    const keys = await this.db.messages.where('[folderKey+uid]').between([key, fromUid], [key, Number.MAX_SAFE_INTEGER], true, true).primaryKeys();
    return keys.map(([, uid]) => uid);
  }

  async bodiesWanted(ref: FolderRef, limit: number): Promise<WantedBody[]> {
    const key = folderKey(ref.accountId, ref.path);
    const wanted: WantedBody[] = [];
    // Newest first, a page at a time; stops as soon as it has enough.
    for (let offset = 0; wanted.length < limit; offset += WANTED_PAGE) {
      const page = await this.db.messages
        .where('[folderKey+date]')
        .between([key, -Infinity], [key, Infinity])
        .reverse()
        .offset(offset)
        .limit(WANTED_PAGE)
        .toArray();
      if (page.length === 0) break;
      const cached = await this.db.bodyIndex.bulkGet(page.map((message): [string, number] => [key, message.uid]));
      for (const [index, message] of page.entries()) {
        if (cached[index] === undefined && wanted.length < limit) wanted.push({ uid: message.uid, bodyStructure: message.bodyStructure });
      }
    }
    return wanted;
  }

  async bodyStorage(): Promise<BodyStorage> {
    let usedBytes = 0;
    await this.db.bodyIndex.each((entry) => {
      usedBytes += entry.bytes;
    });
    return { usedBytes, budgetBytes: this.budgetBytes };
  }

  pendingOperations(accountId: string): Promise<QueuedOperation[]> {
    return pendingOperations(this.db, accountId);
  }

  operationStarted(id: number, checkpoint: OperationCheckpoint): Promise<void> {
    return operationStarted(this.db, id, checkpoint);
  }

  operationSettled(id: number, outcome: OperationOutcome): Promise<void> {
    return operationSettled(this.db, id, outcome);
  }

  /** The reader showed this body: it is the last to go when the budget is exceeded. */
  async markRead(ref: FolderRef, uid: number): Promise<void> {
    await this.db.bodyIndex.update([folderKey(ref.accountId, ref.path), uid], { lastReadAt: this.now() });
  }

  private async replaceFolders(accountId: string, folders: readonly FolderRecord[]): Promise<void> {
    const db = this.db;
    await db.transaction('rw', [db.folders, db.messages, db.folderStates, db.bodies, db.bodyIndex, db.folderCounts, db.operations], async () => {
      // A folder the user created, renamed or deleted here stays as the user left it until the engine
      // has replayed that change: a list read before it must not undo it on screen.
      const pending = await pendingFolderChanges(db, accountId);
      const present = new Set(folders.map((folder) => folder.path));
      const gone = (await db.folders.where('accountId').equals(accountId).toArray()).filter(
        (folder) => !present.has(folder.path) && !pending.created.has(folder.path),
      );
      for (const folder of gone) await clearFolder(db, folderKey(accountId, folder.path));
      await db.folders.bulkDelete(gone.map((folder): [string, string] => [accountId, folder.path]));
      await db.folders.bulkPut(folders.filter((folder) => !pending.removed.has(folder.path)));
    });
  }

  private async applyMessages(delta: CacheDelta & { kind: 'messages' }): Promise<void> {
    const db = this.db;
    const key = folderKey(delta.accountId, delta.path);
    await db.transaction('rw', messageDeltaTables(db), async () => {
      // A sync that started before the user renamed or deleted the folder here must not bring its mail
      // back under a name the folder no longer has: the next sync fills the folder under its new one.
      if ((await db.folders.get([delta.accountId, delta.path])) === undefined) return;
      if (delta.reset) await clearFolder(db, key);
      let messages = 0;
      let unread = 0;
      // A UID named twice (overlapping VANISHED lines, an unsolicited FETCH) must count once.
      const expunged = [...new Set(delta.expunged)];
      const flagUpdates = [...new Map(delta.flagUpdates.map((update) => [update.uid, update])).values()];
      const upserts = [...new Map(delta.upserts.map((header) => [header.uid, header])).values()];
      if (expunged.length > 0) {
        const gone = expunged.map((uid): [string, number] => [key, uid]);
        for (const row of await db.messages.bulkGet(gone)) {
          if (row === undefined) continue;
          messages -= 1;
          unread -= row.unread;
        }
        await db.messages.bulkDelete(gone);
        await deleteBodies(this.db, gone);
      }
      // The user's queued flag changes, read once, go over whatever flags the server reported.
      const overlay = flagUpdates.length + upserts.length > 0 ? await pendingFlagOverlay(db, delta.accountId, delta.path) : null;
      if (overlay !== null && flagUpdates.length > 0) unread += await this.updateFlags(key, flagUpdates, overlay);
      if (overlay !== null && upserts.length > 0) {
        const rows = upserts.map((header) => toCachedMessage(delta.accountId, delta.path, { ...header, flags: overlay(header.uid, header.flags) }));
        // Usually every row is new: look up keys only, and read the few rows that exist for their counts.
        const uids = rows.map((row) => row.uid);
        const existing = await db.messages
          .where('[folderKey+uid]')
          .between([key, Math.min(...uids)], [key, Math.max(...uids)], true, true)
          .primaryKeys();
        const present = new Set(existing.map(([, uid]) => uid));
        const before =
          present.size === 0
            ? []
            : await db.messages.bulkGet(rows.filter((row) => present.has(row.uid)).map((row): [string, number] => [key, row.uid]));
        const previousUnread = new Map(before.flatMap((row) => (row === undefined ? [] : [[row.uid, row.unread]])));
        for (const row of rows) {
          const previous = previousUnread.get(row.uid);
          if (previous === undefined) messages += 1;
          unread += row.unread - (previous ?? 0);
        }
        await db.messages.bulkPut(rows);
        // A UID names one message for good: rows already cached were indexed when they came.
        await indexMessages(
          db,
          rows.filter((row) => !present.has(row.uid)).map((row) => wordsOfRow(row)),
        );
      }
      await adjustCounts(db, key, messages, unread);
      await db.folderStates.put({ ...delta.state, folderKey: key });
    });
  }

  /** Search hits join the folder under its current sync state, if the folder is still the one searched. */
  private async applyFound(delta: CacheDelta & { kind: 'found' }): Promise<void> {
    const db = this.db;
    const key = folderKey(delta.accountId, delta.path);
    await db.transaction('rw', messageDeltaTables(db), async () => {
      const stored = await db.folderStates.get(key);
      if (stored?.uidValidity !== delta.uidValidity) return;
      const { folderKey: _key, ...state } = stored;
      await this.applyMessages({
        kind: 'messages',
        accountId: delta.accountId,
        path: delta.path,
        reset: false,
        upserts: delta.upserts,
        flagUpdates: [],
        expunged: [],
        state,
      });
    });
  }

  private async applyPreviews(delta: CacheDelta & { kind: 'previews' }): Promise<void> {
    const db = this.db;
    const key = folderKey(delta.accountId, delta.path);
    await db.transaction('rw', [db.folderStates, db.messages, ...wordIndexTables(db)], async () => {
      if ((await db.folderStates.get(key))?.uidValidity !== delta.uidValidity) return;
      const rows = await db.messages.bulkGet(delta.previews.map(({ uid }): [string, number] => [key, uid]));
      const updated = rows.flatMap((row, index) => {
        const preview = delta.previews[index]?.preview;
        return row === undefined || preview === undefined ? [] : [{ ...row, preview }];
      });
      await db.messages.bulkPut(updated);
      await indexMessages(
        db,
        updated.map((row) => ({ folderKey: key, uid: row.uid, date: row.date, words: searchTermsOf({ preview: row.preview }, null) })),
      );
    });
  }

  /**
   * Rewrites only the rows whose flags really changed, so unchanged rows wake no live query. Returns
   * how the folder's unread count changed.
   */
  private async updateFlags(key: string, updates: readonly FlagUpdate[], overlay: (uid: number, flags: string[]) => string[]): Promise<number> {
    const rows = await this.db.messages.bulkGet(updates.map((update): [string, number] => [key, update.uid]));
    const changed: CachedMessage[] = [];
    let unread = 0;
    for (const [index, row] of rows.entries()) {
      const update = updates[index];
      const flags = update === undefined ? undefined : overlay(update.uid, update.flags);
      if (row === undefined || flags === undefined || sameFlags(row.flags, flags)) continue;
      const next: CachedMessage = { ...row, flags, unread: isSeen(flags) ? 0 : 1 };
      unread += next.unread - row.unread;
      changed.push(next);
    }
    await this.db.messages.bulkPut(changed);
    return unread;
  }

  /**
   * Stores bodies with their index rows, then evicts the least recently read bodies while the total is
   * over the budget. A body not yet read ranks by when it was fetched. Bodies fetched before a UIDVALIDITY change belong to messages that no longer have
   * those UIDs, and are dropped.
   */
  private async storeBodies(
    accountId: string,
    path: string,
    uidValidity: number,
    bodies: ReadonlyArray<{ uid: number; body: MessageBody }>,
  ): Promise<void> {
    const db = this.db;
    const key = folderKey(accountId, path);
    await db.transaction('rw', [db.folderStates, db.messages, db.bodies, db.bodyIndex, ...wordIndexTables(db)], async () => {
      if ((await db.folderStates.get(key))?.uidValidity !== uidValidity) return;
      // A body that arrives after its message was expunged would be kept, counted and never shown.
      const rows = await db.messages.bulkGet(bodies.map(({ uid }): [string, number] => [key, uid]));
      const kept = bodies.filter((_, index) => rows[index] !== undefined);
      // The body's words join the message's, so that search finds it by what it says.
      await indexMessages(
        db,
        rows.flatMap((row, index) => {
          const body = bodies[index]?.body;
          return row === undefined || body === undefined
            ? []
            : [{ folderKey: key, uid: row.uid, date: row.date, words: searchTermsOf({}, body.text) }];
        }),
      );
      const now = this.now();
      await db.bodies.bulkPut(kept.map(({ uid, body }) => ({ ...body, folderKey: key, uid, fetchedAt: now })));
      await db.bodyIndex.bulkPut(kept.map(({ uid, body }) => ({ folderKey: key, uid, bytes: bodyBytes(body), lastReadAt: now })));
      await this.evictOverBudget();
    });
  }

  private async applyInlineImages(delta: CacheDelta & { kind: 'inlineImages' }): Promise<void> {
    const db = this.db;
    const key = folderKey(delta.accountId, delta.path);
    await db.transaction('rw', [db.folderStates, db.bodies, db.bodyIndex], async () => {
      if ((await db.folderStates.get(key))?.uidValidity !== delta.uidValidity) return;
      const body = await db.bodies.get([key, delta.uid]);
      if (body === undefined) return;
      await db.bodies.put({ ...body, inlineImages: delta.images });
      // The images count against the storage budget with the body they belong to.
      const imageBytes = Object.values(delta.images).reduce((sum, url) => sum + url.length * 2, 0);
      await db.bodyIndex.update([key, delta.uid], { bytes: bodyBytes(body) + imageBytes, lastReadAt: this.now() });
      await this.evictOverBudget();
    });
  }

  private async evictOverBudget(): Promise<void> {
    let excess = (await this.bodyStorage()).usedBytes - this.budgetBytes;
    if (excess <= 0) return;
    const victims: Array<[string, number]> = [];
    await this.db.bodyIndex
      .orderBy('lastReadAt')
      .until(() => excess <= 0)
      .each((entry) => {
        victims.push([entry.folderKey, entry.uid]);
        excess -= entry.bytes;
      });
    await deleteBodies(this.db, victims);
  }
}
