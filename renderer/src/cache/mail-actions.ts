import { folderKey, type FolderRecord, type FolderRole } from '../../../shared/domain/folder';
import { draftSchema, type Draft } from '../../../shared/domain/draft';
import { isSeen } from '../../../shared/domain/message';
import { flagSchema, type MailOperation } from '../../../shared/domain/operation';
import { AppFailure } from '../../../shared/ipc/result';
import { placeholderRefs, type CachedMessage, type CachedOperation, type MailCache, type OperationUndo } from './db';
import { adjustCounts, clearFolder, countRows, parentOf, renameFolderTree } from './folder-rows';
import { indexRows } from './row-words';
import { applyFlagChange, operationTables, pruneDone, sameFlags } from './operation-queue';

export const SEEN = '\\Seen';
export const FLAGGED = '\\Flagged';

function refuse(message: string): never {
  throw new AppFailure({ code: 'BAD_INPUT', message });
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString()} ${noun}${count === 1 ? '' : 's'}`;
}

/** Messages of one folder, as the list and the reader hold them. */
export interface Selection {
  accountId: string;
  path: string;
  uids: readonly number[];
}

/**
 * What the user does to mail and folders. Each action changes the cache at once and queues the change for
 * the server in the same transaction: the screen never waits for the network, and a crash can never keep
 * one without the other. The caller then asks the engine to replay the queue (operations.replay).
 */
export class MailActions {
  constructor(
    private readonly db: MailCache,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds and removes flags or keywords on the selected messages (read, starred, answered, tags). */
  async setFlags(selection: Selection, add: readonly string[], remove: readonly string[]): Promise<void> {
    for (const flag of [...add, ...remove]) if (!flagSchema.safeParse(flag).success) refuse(`“${flag}” cannot be used as a tag.`);
    await this.inTransaction(async () => {
      const rows = await this.rowsOf(selection);
      const changed = rows.filter((row) => !sameFlags(applyFlagChange(row.flags, add, remove), row.flags));
      if (changed.length === 0) return;
      const uidValidity = await this.uidValidityOf(selection);
      await this.rewriteFlags(folderKey(selection.accountId, selection.path), changed, (flags) => applyFlagChange(flags, add, remove));
      await this.enqueue(
        selection.accountId,
        { kind: 'flags', path: selection.path, uidValidity, uids: changed.map((row) => row.uid), add: [...add], remove: [...remove] },
        describeFlags(add, remove, changed.length),
        { kind: 'flags', previous: changed.map((row) => [row.uid, row.flags]) },
      );
    });
  }

  /** Every message of the folder read, on the server too (up to the newest one the cache knows). */
  async markFolderRead(accountId: string, path: string): Promise<void> {
    await this.inTransaction(async () => {
      const key = folderKey(accountId, path);
      const state = await this.db.folderStates.get(key);
      if (state === undefined) refuse('This folder has not been synced yet.');
      const unread = await this.db.messages.where('[folderKey+unread]').equals([key, 1]).toArray();
      if (unread.length === 0) return;
      await this.rewriteFlags(key, unread, (flags) => applyFlagChange(flags, [SEEN], []));
      await this.enqueue(accountId, { kind: 'markFolderRead', path, uidValidity: state.uidValidity, belowUid: state.uidNext }, `Mark ${path} read`, {
        kind: 'flags',
        previous: unread.filter((row) => row.uid > 0).map((row) => [row.uid, row.flags]),
      });
      // Mail moved here but not there yet lands above that UIDNEXT: it is marked by its placeholders,
      // which become its real UIDs once the move is done.
      const arriving = unread.filter((row) => row.uid < 0);
      if (arriving.length > 0) {
        await this.enqueue(
          accountId,
          { kind: 'flags', path, uidValidity: state.uidValidity, uids: arriving.map((row) => row.uid), add: [SEEN], remove: [] },
          `Mark ${plural(arriving.length, 'message')} read`,
          { kind: 'flags', previous: arriving.map((row) => [row.uid, row.flags]) },
        );
      }
    });
  }

  /** Moves (or copies) messages to another folder, of the same account or (toAccountId) of another. */
  async move(selection: Selection, toPath: string, options: { copy?: boolean; toAccountId?: string } = {}): Promise<number | null> {
    const copy = options.copy ?? false;
    const toAccountId = options.toAccountId ?? selection.accountId;
    const otherAccount = toAccountId !== selection.accountId;
    if (toPath === selection.path && !otherAccount) refuse('The messages are in that folder already.');
    return this.inTransaction(async () => {
      const destination = await this.db.folders.get([toAccountId, toPath]);
      if (destination === undefined || !destination.selectable) refuse(`There is no folder “${toPath}” to put messages in.`);
      const rows = await this.rowsOf(selection);
      if (rows.length === 0) return null;
      const uidValidity = await this.uidValidityOf(selection);
      const destinationKey = folderKey(toAccountId, toPath);
      // Placeholders come from one counter that only counts down: a placeholder UID names one message
      // for good, whatever folder it is in or moves to.
      const next = (await this.db.meta.get('nextPlaceholder'))?.value ?? -1;
      await this.db.meta.put({ key: 'nextPlaceholder', value: next - rows.length });
      const placeholders = rows.map((_, index) => next - index);
      const shown = rows.map((row, index) => ({
        ...row,
        folderKey: destinationKey,
        accountId: toAccountId,
        path: toPath,
        uid: placeholders[index] ?? next,
        pendingFrom: row.pendingFrom ?? { accountId: selection.accountId, path: selection.path, uid: row.uid },
      }));
      await this.db.messages.bulkPut(shown);
      // Found in the destination by header and preview at once; by body once the move has landed and
      // the body is filed under the message's new UID.
      await indexRows(this.db, shown);
      await countRows(this.db, destinationKey, rows, 1);
      if (!copy) await this.removeRows(selection, rows);
      return this.enqueue(
        selection.accountId,
        {
          kind: 'move',
          path: selection.path,
          uidValidity,
          uids: rows.map((row) => row.uid),
          toPath,
          ...(otherAccount ? { toAccountId } : {}),
          copy,
          placeholders,
        },
        `${copy ? 'Copy' : 'Move'} ${plural(rows.length, 'message')} to ${destination.name}`,
        { kind: 'rows', rows },
      );
    });
  }

  /**
   * Delete moves to Trash; inside Trash, or where the account has none, it removes for good (the UI asks
   * first: `deletesForGood` tells it when).
   */
  async delete(selection: Selection): Promise<number | null> {
    const trash = await this.folderWithRole(selection.accountId, 'trash');
    if (trash !== undefined && trash.path !== selection.path) return this.move(selection, trash.path);
    return this.inTransaction(async () => {
      const rows = await this.rowsOf(selection);
      if (rows.length === 0) return null;
      const uidValidity = await this.uidValidityOf(selection);
      await this.removeRows(selection, rows);
      return this.enqueue(
        selection.accountId,
        { kind: 'expunge', path: selection.path, uidValidity, uids: rows.map((row) => row.uid) },
        `Delete ${plural(rows.length, 'message')} for good`,
        { kind: 'rows', rows },
      );
    });
  }

  async deletesForGood(accountId: string, path: string): Promise<boolean> {
    const trash = await this.folderWithRole(accountId, 'trash');
    return trash === undefined || trash.path === path;
  }

  async archive(selection: Selection): Promise<number | null> {
    const archive = await this.folderWithRole(selection.accountId, 'archive');
    if (archive === undefined) refuse('This account has no Archive folder. Create one, or move the messages to a folder of your choice.');
    return this.move(selection, archive.path);
  }

  /**
   * Takes a move (or a delete to Trash) back: the messages move back where they came from. Queued after
   * the original, naming the messages as the destination shows them: placeholders while the move waits
   * (renamed once it is done), real UIDs once the server has given them.
   */
  async undoMove(operationId: number): Promise<void> {
    // Read in the same transaction as the move back: a replay settling the move in between would rename
    // the placeholders this names, and the move back would find nothing to move.
    const movedBack = await this.inTransaction(async () => {
      const record = await this.db.operations.get(operationId);
      if (record === undefined || record.operation.kind !== 'move' || record.operation.copy || record.state === 'failed') {
        refuse('This change can no longer be undone.');
      }
      const { operation } = record;
      const uids =
        record.state === 'pending' ? operation.placeholders : (record.moved ?? []).flatMap((entry) => (entry.to === null ? [] : [entry.to]));
      if (uids.length === 0) refuse('The server did not say where the messages went; move them back by hand.');
      return this.move({ accountId: operation.toAccountId ?? record.accountId, path: operation.toPath, uids }, operation.path, {
        toAccountId: record.accountId,
      });
    });
    if (movedBack === null) refuse('The messages are no longer where that change put them; move them back by hand.');
  }

  /** A new folder, at the top level or inside `parentPath`. */
  async createFolder(accountId: string, parentPath: string | null, name: string): Promise<string> {
    const trimmed = name.trim();
    if (trimmed === '') refuse('Give the folder a name.');
    return this.inTransaction(async () => {
      const folders = await this.db.folders.where('accountId').equals(accountId).toArray();
      const parent = parentPath === null ? undefined : folders.find((folder) => folder.path === parentPath);
      if (parentPath !== null && parent === undefined) refuse('The parent folder no longer exists.');
      const delimiter = parent?.delimiter ?? folders.find((folder) => folder.delimiter !== null)?.delimiter ?? null;
      if (delimiter !== null && trimmed.includes(delimiter)) refuse(`A folder name cannot contain “${delimiter}” on this server.`);
      if (parentPath !== null && delimiter === null) refuse('This server does not keep folders inside folders.');
      const path = parentPath === null || delimiter === null ? trimmed : `${parentPath}${delimiter}${trimmed}`;
      if (folders.some((folder) => folder.path.toLowerCase() === path.toLowerCase())) refuse(`There is a folder “${trimmed}” there already.`);
      const folder: FolderRecord = {
        accountId,
        path,
        name: trimmed,
        delimiter,
        parentPath,
        role: null,
        subscribed: true,
        selectable: true,
        keepOffline: false,
      };
      await this.db.folders.put(folder);
      await this.enqueue(accountId, { kind: 'createFolder', path }, `Create folder ${trimmed}`, { kind: 'none' });
      return path;
    });
  }

  /** Renames a folder or moves it in the hierarchy (`toPath` is its whole new path). */
  async renameFolder(accountId: string, path: string, toPath: string): Promise<void> {
    if (toPath.trim() === '' || toPath === path) refuse('Give the folder a new name.');
    await this.inTransaction(async () => {
      const folder = await this.protectedCheck(accountId, path, 'renamed');
      if ((await this.db.folders.get([accountId, toPath])) !== undefined) refuse(`There is a folder “${toPath}” already.`);
      const parentPath = parentOf(toPath, folder.delimiter);
      if (parentPath !== null && (await this.db.folders.get([accountId, parentPath])) === undefined) refuse('The new parent folder does not exist.');
      if (folder.delimiter !== null && toPath.startsWith(path + folder.delimiter)) refuse('A folder cannot be moved inside itself.');
      await renameFolderTree(this.db, accountId, path, toPath);
      await this.enqueue(accountId, { kind: 'renameFolder', path, toPath }, `Rename folder ${folder.name}`, { kind: 'folder', folder });
    });
  }

  /** Deletes an empty-of-subfolders folder and the mail in it; `messagesIn` says how much goes first. */
  async deleteFolder(accountId: string, path: string): Promise<void> {
    await this.inTransaction(async () => {
      const folder = await this.protectedCheck(accountId, path, 'deleted');
      const children = await this.db.folders
        .where('accountId')
        .equals(accountId)
        .filter((candidate) => candidate.parentPath === path)
        .count();
      if (children > 0) refuse('Delete or move the folders inside it first.');
      await this.db.folders.delete([accountId, path]);
      await clearFolder(this.db, folderKey(accountId, path));
      await this.enqueue(accountId, { kind: 'deleteFolder', path }, `Delete folder ${folder.name}`, { kind: 'folder', folder });
    });
  }

  async messagesIn(accountId: string, path: string): Promise<number> {
    return (await this.db.folderCounts.get(folderKey(accountId, path)))?.messages ?? 0;
  }

  async setSubscribed(accountId: string, path: string, subscribed: boolean): Promise<void> {
    await this.inTransaction(async () => {
      const folder = await this.db.folders.get([accountId, path]);
      if (folder === undefined) refuse('The folder no longer exists.');
      if (folder.subscribed === subscribed) return;
      await this.db.folders.put({ ...folder, subscribed });
      await this.enqueue(accountId, { kind: 'subscribe', path, subscribed }, `${subscribed ? 'Subscribe to' : 'Unsubscribe from'} ${folder.name}`, {
        kind: 'none',
      });
    });
  }

  /**
   * Queues a message written here for the account's Drafts folder. It shows there once the server has
   * it; until then the status bar counts it as a change waiting to be sent, offline included.
   */
  async saveDraft(accountId: string, draft: Draft): Promise<void> {
    const checked = draftSchema.safeParse(draft);
    if (!checked.success) refuse(`The draft cannot be saved: ${checked.error.issues[0]?.message ?? 'a field is not valid'}`);
    await this.inTransaction(async () => {
      const folders = await this.db.folders.where('accountId').equals(accountId).toArray();
      const drafts = folders.find((folder) => folder.role === 'drafts');
      if (drafts === undefined) refuse('This account has no Drafts folder yet. Create a folder named “Drafts”, then save again.');
      const subject = checked.data.subject.trim();
      await this.enqueue(
        accountId,
        { kind: 'saveDraft', path: drafts.path, draft: checked.data },
        `Save the draft “${subject === '' ? 'without a subject' : subject}”`,
        {
          kind: 'none',
        },
      );
    });
  }

  private inTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction('rw', operationTables(this.db), work);
  }

  private async enqueue(accountId: string, operation: MailOperation, label: string, undo: OperationUndo): Promise<number> {
    const now = this.now();
    await pruneDone(this.db, accountId, now);
    const record: CachedOperation = {
      accountId,
      operation,
      checkpoint: null,
      state: 'pending',
      error: null,
      createdAt: now,
      label,
      undo,
      refs: placeholderRefs(operation),
    };
    const id = await this.db.operations.add(record);
    if (id === undefined) throw new Error('The queue gave the change no id');
    return id;
  }

  private async rowsOf(selection: Selection): Promise<CachedMessage[]> {
    const key = folderKey(selection.accountId, selection.path);
    const rows = await this.db.messages.bulkGet(selection.uids.map((uid): [string, number] => [key, uid]));
    return rows.flatMap((row) => (row === undefined ? [] : [row]));
  }

  private async uidValidityOf(selection: Selection): Promise<number> {
    const state = await this.db.folderStates.get(folderKey(selection.accountId, selection.path));
    if (state === undefined) refuse('This folder has not been synced yet.');
    return state.uidValidity;
  }

  private async rewriteFlags(key: string, rows: readonly CachedMessage[], change: (flags: readonly string[]) => string[]): Promise<void> {
    let unread = 0;
    const next = rows.map((row): CachedMessage => {
      const flags = change(row.flags);
      const updated: CachedMessage = { ...row, flags, unread: isSeen(flags) ? 0 : 1 };
      unread += updated.unread - row.unread;
      return updated;
    });
    await this.db.messages.bulkPut(next);
    await adjustCounts(this.db, key, 0, unread);
  }

  /** Takes rows out of their folder; their bodies stay until the server has done the change. */
  private async removeRows(selection: Selection, rows: readonly CachedMessage[]): Promise<void> {
    const key = folderKey(selection.accountId, selection.path);
    await this.db.messages.bulkDelete(rows.map((row): [string, number] => [key, row.uid]));
    await countRows(this.db, key, rows, -1);
  }

  private async folderWithRole(accountId: string, role: FolderRole): Promise<FolderRecord | undefined> {
    return this.db.folders
      .where('accountId')
      .equals(accountId)
      .filter((folder) => folder.role === role)
      .first();
  }

  private async protectedCheck(accountId: string, path: string, verb: string): Promise<FolderRecord> {
    const folder = await this.db.folders.get([accountId, path]);
    if (folder === undefined) refuse('The folder no longer exists.');
    if (folder.role !== null || path.toUpperCase() === 'INBOX') refuse(`${folder.name} is a special folder and cannot be ${verb}.`);
    return folder;
  }
}

function describeFlags(add: readonly string[], remove: readonly string[], count: number): string {
  const what = plural(count, 'message');
  if (add.length === 1 && remove.length === 0 && add[0] === SEEN) return `Mark ${what} read`;
  if (remove.length === 1 && add.length === 0 && remove[0] === SEEN) return `Mark ${what} unread`;
  if (add.length === 1 && remove.length === 0 && add[0] === FLAGGED) return `Star ${what}`;
  if (remove.length === 1 && add.length === 0 && remove[0] === FLAGGED) return `Unstar ${what}`;
  return `Change the tags of ${what}`;
}
