import { folderKey } from '../../../shared/domain/folder';
import { isSeen } from '../../../shared/domain/message';
import type { MailOperation, MovedMessage, OperationCheckpoint, OperationOutcome, QueuedOperation } from '../../../shared/domain/operation';
import { placeholderRefs, type CachedBody, type CachedMessage, type CachedOperation, type MailCache } from './db';
import { accountDelimiter, adjustCounts, countRows, deleteBodies, renamedBy, renameFolderTree } from './folder-rows';
import { indexRows } from './row-words';
import { wordIndexTables } from './word-index';

/** The tables a queued change may touch: every local action and every settlement writes within these. */
export function operationTables(db: MailCache) {
  return [db.operations, db.messages, db.folders, db.folderStates, db.folderCounts, db.bodies, db.bodyIndex, db.meta, ...wordIndexTables(db)];
}

export async function pendingOperations(db: MailCache, accountId: string): Promise<QueuedOperation[]> {
  const rows = await db.operations.where('[accountId+state]').equals([accountId, 'pending']).sortBy('id');
  return rows.flatMap(({ id, accountId: account, operation, checkpoint }) =>
    id === undefined ? [] : [{ id, accountId: account, operation, checkpoint }],
  );
}

export async function operationStarted(db: MailCache, id: number, checkpoint: OperationCheckpoint): Promise<void> {
  await db.operations.update(id, { checkpoint });
}

/**
 * Pending flag changes of one folder, applied over what the server reports: a resync that read the
 * flags before the engine replayed the user's change must not undo it on screen.
 */
export async function pendingFlagOverlay(db: MailCache, accountId: string, path: string): Promise<(uid: number, flags: string[]) => string[]> {
  const changes = (await db.operations.where('[accountId+state]').equals([accountId, 'pending']).sortBy('id')).flatMap(({ operation }) =>
    operation.kind === 'flags' && operation.path === path ? [operation] : [],
  );
  if (changes.length === 0) return (_uid, flags) => flags;
  return (uid, flags) =>
    changes.reduce((current, change) => (change.uids.includes(uid) ? applyFlagChange(current, change.add, change.remove) : current), flags);
}

export function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((flag) => b.includes(flag));
}

export function applyFlagChange(flags: readonly string[], add: readonly string[], remove: readonly string[]): string[] {
  const next = flags.filter((flag) => !remove.includes(flag));
  for (const flag of add) if (!next.includes(flag)) next.push(flag);
  return next;
}

/** Folder paths a pending change creates (kept though the server does not list them yet) or removes. */
export async function pendingFolderChanges(db: MailCache, accountId: string): Promise<{ created: Set<string>; removed: Set<string> }> {
  const created = new Set<string>();
  const removed = new Set<string>();
  for (const { operation } of await db.operations.where('[accountId+state]').equals([accountId, 'pending']).toArray()) {
    if (operation.kind === 'createFolder') created.add(operation.path);
    if (operation.kind === 'renameFolder') {
      created.add(operation.toPath);
      removed.add(operation.path);
    }
    if (operation.kind === 'deleteFolder') removed.add(operation.path);
  }
  return { created, removed };
}

/**
 * Takes an operation off the queue. Done: where moved mail landed replaces its placeholders. Refused: the
 * local change is undone and the operation stays, failed, for the user to see why.
 */
export async function operationSettled(db: MailCache, id: number, outcome: OperationOutcome): Promise<void> {
  await db.transaction('rw', operationTables(db), async () => {
    const record = await db.operations.get(id);
    if (record?.state !== 'pending') return;
    if (outcome.kind === 'done') {
      await finish(db, record, outcome.moved ?? []);
      await db.operations.update(id, {
        state: 'done',
        checkpoint: null,
        undo: { kind: 'none' },
        ...(outcome.moved === undefined ? {} : { moved: outcome.moved }),
      });
    } else {
      await undo(db, record);
      await db.operations.update(id, { state: 'failed', error: outcome.error, checkpoint: null });
    }
  });
}

/** How long a done change can still be undone; after that its record goes. */
export const UNDO_WINDOW_MS = 5 * 60_000;

export async function pruneDone(db: MailCache, accountId: string, now: number): Promise<void> {
  await db.operations
    .where('[accountId+state]')
    .equals([accountId, 'done'])
    .filter((row) => row.createdAt < now - UNDO_WINDOW_MS)
    .delete();
}

/** The user has read why a change failed. */
export async function dismissFailed(db: MailCache, id: number): Promise<void> {
  await db.operations
    .where('id')
    .equals(id)
    .and((row) => row.state === 'failed')
    .delete();
}

async function finish(db: MailCache, record: CachedOperation, moved: readonly MovedMessage[]): Promise<void> {
  const { operation, accountId } = record;
  if (operation.kind === 'expunge') {
    const key = folderKey(accountId, operation.path);
    await deleteBodies(
      db,
      operation.uids.map((uid): [string, number] => [key, uid]),
    );
  }
  if (operation.kind === 'renameFolder') await followRenameInOtherQueues(db, accountId, operation.path, operation.toPath);
  if (operation.kind !== 'move') return;
  const sourceKey = folderKey(accountId, operation.path);
  const destinationAccountId = destinationAccount(record, operation);
  // Renames queued after the move are rare: the queue is searched for them only when the placeholders
  // are not where the move put them.
  const firstPlaceholder = operation.placeholders[0];
  const inPlace =
    firstPlaceholder === undefined || (await db.messages.get([folderKey(destinationAccountId, operation.toPath), firstPlaceholder])) !== undefined;
  const aliases = inPlace ? [operation.toPath] : await folderAliases(db, destinationAccountId, operation.toPath, record.id ?? 0);
  const destinationKey = folderKey(destinationAccountId, aliases[aliases.length - 1] ?? operation.toPath);
  const landed = new Map(moved.map((entry) => [entry.from, entry.to]));
  const renames = new Map<number, number | null>();
  for (const [index, uid] of operation.uids.entries()) {
    const placeholder = operation.placeholders[index];
    if (placeholder === undefined) continue;
    const to = landed.get(uid) ?? null;
    renames.set(placeholder, to);
    const shown = await db.messages.get([destinationKey, placeholder]);
    if (shown === undefined) continue;
    await db.messages.delete([destinationKey, placeholder]);
    if (to !== null && (await db.messages.get([destinationKey, to])) === undefined) {
      // The header is the message's own and never changes; the flags are the ones shown meanwhile.
      const { pendingFrom: origin, ...rest } = shown;
      const landedRow = { ...rest, uid: to };
      await db.messages.put(landedRow);
      const body = await carryBody(
        db,
        origin === undefined ? [sourceKey, uid] : [folderKey(origin.accountId, origin.path), origin.uid],
        [destinationKey, to],
        operation.copy,
      );
      await indexRows(db, [landedRow], body === null ? undefined : new Map([[to, body.text]]));
    } else {
      // The server did not say where it went: the destination's next sync fetches it.
      await adjustCounts(db, destinationKey, -1, -shown.unread);
    }
  }
  if (!operation.copy) {
    await deleteBodies(
      db,
      operation.uids.map((uid): [string, number] => [sourceKey, uid]),
    );
  }
  await renameInLaterOperations(db, record, destinationAccountId, aliases, renames);
}

/** Files a cached body under the message's new key; returns it, or null when none was cached. */
async function carryBody(db: MailCache, from: [string, number], to: [string, number], keepSource: boolean): Promise<CachedBody | null> {
  const body = await db.bodies.get(from);
  const index = await db.bodyIndex.get(from);
  if (body === undefined || index === undefined) return null;
  await db.bodies.put({ ...body, folderKey: to[0], uid: to[1] });
  await db.bodyIndex.put({ ...index, folderKey: to[0], uid: to[1] });
  if (!keepSource) await deleteBodies(db, [from]);
  return body;
}

/**
 * Where a folder is now in the cache: a rename the user queued after this change has already moved it
 * locally, while the server still knows the old name. Returns every name it went by, the current last.
 */
async function folderAliases(db: MailCache, accountId: string, path: string, afterId: number): Promise<string[]> {
  const renames = (await db.operations.where('[accountId+state]').equals([accountId, 'pending']).sortBy('id')).flatMap((row) =>
    row.operation.kind === 'renameFolder' && (row.id ?? 0) > afterId ? [row.operation] : [],
  );
  if (renames.length === 0) return [path];
  const delimiter = await accountDelimiter(db, accountId);
  const aliases = [path];
  let current = path;
  for (const rename of renames) {
    const next = renamedBy(current, rename.path, rename.toPath, delimiter);
    if (next === null) continue;
    current = next;
    aliases.push(current);
  }
  return aliases;
}

/**
 * Moves queued in other accounts into a folder of this one (or one inside it) were queued under its old
 * name, before the rename: now that the server knows the new one, they go there. A move in the renamed
 * folder's own account needs nothing of the kind, its queue being in order.
 */
async function followRenameInOtherQueues(db: MailCache, accountId: string, from: string, to: string): Promise<void> {
  const delimiter = await accountDelimiter(db, accountId);
  const waiting = await db.operations
    .filter(
      (row) => row.state === 'pending' && row.accountId !== accountId && row.operation.kind === 'move' && row.operation.toAccountId === accountId,
    )
    .toArray();
  for (const row of waiting) {
    const next = row.operation.kind === 'move' ? renamedBy(row.operation.toPath, from, to, delimiter) : null;
    if (next !== null && row.id !== undefined && row.operation.kind === 'move')
      await db.operations.update(row.id, { operation: { ...row.operation, toPath: next } });
  }
}

/** The account a move's messages go to: its own, or another for a move between accounts. */
function destinationAccount(record: CachedOperation, operation: MailOperation & { kind: 'move' }): string {
  return operation.toAccountId ?? record.accountId;
}

/**
 * Operations that name a placeholder (the user flagged or moved a message again before its move reached
 * the server) now name its real UID, or drop it when the server did not give one. They are queued in
 * the destination's account, which for a move between accounts is not the move's own.
 */
async function renameInLaterOperations(
  db: MailCache,
  record: CachedOperation,
  accountId: string,
  paths: readonly string[],
  renames: ReadonlyMap<number, number | null>,
): Promise<void> {
  if (renames.size === 0 || record.id === undefined) return;
  const later = await db.operations
    .where('refs')
    .anyOf([...renames.keys()])
    .distinct()
    .filter((row) => row.id !== record.id && row.accountId === accountId && row.state === 'pending')
    .toArray();
  for (const row of later) {
    const operation = row.operation;
    if (!('uids' in operation) || !paths.includes(operation.path) || !operation.uids.some((uid) => renames.has(uid))) continue;
    const kept = operation.uids.flatMap((uid, index) => {
      const renamed = renames.has(uid) ? (renames.get(uid) ?? null) : uid;
      return renamed === null ? [] : [{ uid: renamed, index }];
    });
    const uids = kept.map((entry) => entry.uid);
    const next: MailOperation =
      operation.kind === 'move'
        ? { ...operation, uids, placeholders: kept.flatMap((entry) => operation.placeholders[entry.index] ?? []) }
        : { ...operation, uids };
    if (uids.length === 0 && row.id !== undefined) await db.operations.delete(row.id);
    else await db.operations.update(row.id ?? 0, { operation: next, refs: placeholderRefs(next) });
    // A later move that lost messages no longer brings them where it showed them: those rows go, and so do
    // the changes queued for them there (a star, another move), or they would stay as ghosts of a message
    // that is back where it began.
    if (operation.kind === 'move') {
      const dropped = operation.placeholders.filter((_, index) => !kept.some((entry) => entry.index === index));
      if (dropped.length > 0) await removePlaceholders(db, row, operation, dropped);
    }
  }
}

/** Takes a move's placeholder rows out of its destination, and out of the changes queued after it. */
async function removePlaceholders(
  db: MailCache,
  record: CachedOperation,
  operation: MailOperation & { kind: 'move' },
  placeholders: readonly number[],
): Promise<void> {
  const destinationAccountId = destinationAccount(record, operation);
  const aliases = await folderAliases(db, destinationAccountId, operation.toPath, record.id ?? 0);
  const destinationKey = folderKey(destinationAccountId, aliases[aliases.length - 1] ?? operation.toPath);
  const shown = await db.messages.bulkGet(placeholders.map((uid): [string, number] => [destinationKey, uid]));
  const present = shown.flatMap((row) => (row === undefined ? [] : [row]));
  await db.messages.bulkDelete(present.map((row): [string, number] => [destinationKey, row.uid]));
  await countRows(db, destinationKey, present, -1);
  await renameInLaterOperations(db, record, destinationAccountId, aliases, new Map(placeholders.map((uid) => [uid, null])));
}

async function undo(db: MailCache, record: CachedOperation): Promise<void> {
  const { operation, accountId } = record;
  switch (operation.kind) {
    case 'flags':
    case 'markFolderRead': {
      if (record.undo.kind !== 'flags') return;
      const key = folderKey(accountId, operation.path);
      let unread = 0;
      for (const [uid, flags] of record.undo.previous) {
        const row = await db.messages.get([key, uid]);
        if (row === undefined) continue;
        const restored: CachedMessage = { ...row, flags, unread: isSeen(flags) ? 0 : 1 };
        unread += restored.unread - row.unread;
        await db.messages.put(restored);
      }
      await adjustCounts(db, key, 0, unread);
      return;
    }
    case 'move':
    case 'expunge': {
      if (record.undo.kind !== 'rows') return;
      // The rows go back where their folder is now (renamed meanwhile), or nowhere if it is gone.
      const sourceAliases = await folderAliases(db, accountId, operation.path, record.id ?? 0);
      const sourcePath = sourceAliases[sourceAliases.length - 1] ?? operation.path;
      const key = folderKey(accountId, sourcePath);
      if (operation.kind === 'move') {
        await removePlaceholders(db, record, operation, operation.placeholders);
        if (operation.copy) return;
      }
      if ((await db.folders.get([accountId, sourcePath])) === undefined) return;
      const originals = record.undo.rows;
      const missing = (await db.messages.bulkGet(originals.map((row): [string, number] => [key, row.uid]))).flatMap((row, index) => {
        const original = originals[index];
        return row === undefined && original !== undefined ? [{ ...original, folderKey: key, path: sourcePath }] : [];
      });
      await db.messages.bulkPut(missing);
      // Words filed under these keys may have been swept while the rows were away.
      await indexRows(db, missing);
      await countRows(db, key, missing, 1);
      return;
    }
    case 'createFolder':
      await db.folders.delete([accountId, operation.path]);
      return;
    case 'renameFolder':
      await renameFolderTree(db, accountId, operation.toPath, operation.path);
      return;
    case 'deleteFolder':
      // Its messages come back with the next sync, which lists the folder again.
      if (record.undo.kind === 'folder' && record.undo.folder !== null) await db.folders.put(record.undo.folder);
      return;
    case 'subscribe': {
      const folder = await db.folders.get([accountId, operation.path]);
      if (folder !== undefined) await db.folders.put({ ...folder, subscribed: !operation.subscribed });
      return;
    }
    // Nothing was shown locally; the failed change keeps the draft for the user to open again.
    case 'saveDraft':
      return;
  }
}
