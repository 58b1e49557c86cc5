import type { ImapFlow } from 'imapflow';
import { hasCapability } from 'imapflow/lib/tools.js';
import type { CachePort } from '../../shared/cache/port';
import { AppFailure } from '../../shared/ipc/result';
import type {
  MailOperation,
  MessageIdentity,
  MovedMessage,
  OperationCheckpoint,
  OperationOutcome,
  QueuedOperation,
} from '../../shared/domain/operation';
import { log } from '../log';
import { expungeMarked, uidCopy, uidExpunge, uidMove, uidStoreFlags } from '../imap/message-commands';
import { toUidSet, uidChunks } from '../sync/uid-set';
import { refused } from './refusals';
import { presentUids, withWritableFolder } from './writable-folder';

/** UIDs per command at most, besides the bound on the set's length. */
const UIDS_PER_COMMAND = 500;
/** The highest UID there can be: an explicit bound instead of `*` (see IMAP-NOTES: Cyrus and `*`). */
const MAX_UID = 4_294_967_295;

export interface OperationContext {
  client: ImapFlow;
  cache: CachePort;
  /**
   * Runs work on another account's connection, once: an APPEND whose answer was lost must not be sent
   * again blindly, so a dropped connection fails the work and the next replay checks first.
   */
  onAccount: <T>(accountId: string, work: (client: ImapFlow) => Promise<T>) => Promise<T>;
}

/** Positive UIDs only: a negative one is a placeholder whose move never got a real UID. */
function serverUids(uids: readonly number[]): number[] {
  return [...new Set(uids.filter((uid) => uid > 0))].sort((a, b) => a - b);
}

export function uidSets(uids: readonly number[]): string[] {
  return uidChunks(uids, UIDS_PER_COMMAND).map(toUidSet);
}

const done: OperationOutcome = { kind: 'done' };

export async function performFlags(context: OperationContext, operation: MailOperation & { kind: 'flags' }): Promise<OperationOutcome> {
  const uids = serverUids(operation.uids);
  if (uids.length === 0) return done;
  return withWritableFolder(context.client, operation.path, operation.uidValidity, async (mailbox) => {
    const keywords = operation.add.filter((flag) => !flag.startsWith('\\'));
    const allowed = mailbox.permanentFlags;
    // A server that does not list \* keeps no keywords it has not listed: it would drop ours silently.
    if (allowed !== undefined && !allowed.has('\\*') && keywords.some((keyword) => !allowed.has(keyword))) {
      throw refused(`The server does not keep tags on messages in ${operation.path}. The change was undone.`);
    }
    for (const uidSet of uidSets(uids)) {
      await uidStoreFlags(context.client, uidSet, 'add', operation.add);
      await uidStoreFlags(context.client, uidSet, 'remove', operation.remove);
    }
    return done;
  });
}

export async function performMarkFolderRead(
  context: OperationContext,
  operation: MailOperation & { kind: 'markFolderRead' },
): Promise<OperationOutcome> {
  if (operation.belowUid <= 1) return done;
  return withWritableFolder(context.client, operation.path, operation.uidValidity, async () => {
    await uidStoreFlags(context.client, `1:${operation.belowUid - 1}`, 'add', ['\\Seen']);
    return done;
  });
}

/**
 * Removes exactly these messages of the selected folder for good; true when they are gone. With UIDPLUS,
 * UID EXPUNGE of them alone. Without it, EXPUNGE purges every message marked \Deleted, other clients' too:
 * it is sent only when no other message of the folder is marked, and otherwise these stay marked \Deleted
 * (most clients show them as deleted) rather than take another client's with them.
 */
export async function expungeExactly(client: ImapFlow, uids: readonly number[], uidplus = hasCapability(client, 'UIDPLUS')): Promise<boolean> {
  if (uids.length === 0) return true;
  for (const uidSet of uidSets(uids)) await uidStoreFlags(client, uidSet, 'add', ['\\Deleted']);
  if (uidplus) {
    for (const uidSet of uidSets(uids)) await uidExpunge(client, uidSet);
    return true;
  }
  // The answer must name exactly ours, which were just marked: one that leaves any out (a broken SEARCH
  // reads as no messages) cannot vouch that no other message is marked.
  const ours = new Set(uids);
  const marked = await client.search({ deleted: true }, { uid: true });
  const onlyOurs = Array.isArray(marked) && marked.length === ours.size && marked.every((uid) => ours.has(uid));
  if (!onlyOurs) {
    log.info('operation.expunge_withheld', { reason: Array.isArray(marked) ? 'other messages marked deleted' : 'search refused' });
    return false;
  }
  await expungeMarked(client);
  return true;
}

/** Deleting for good is safe to repeat: UIDs already gone are skipped, and no other UID is touched. */
export async function performExpunge(context: OperationContext, operation: MailOperation & { kind: 'expunge' }): Promise<OperationOutcome> {
  const uids = serverUids(operation.uids);
  if (uids.length === 0) return done;
  return withWritableFolder(context.client, operation.path, operation.uidValidity, async () => {
    const present = await presentUids(context.client, uidSets(uids));
    await expungeExactly(
      context.client,
      [...present].sort((a, b) => a - b),
    );
    return done;
  });
}

export async function destinationUidNext(client: ImapFlow, path: string, afterwards = 'The change was undone.'): Promise<number> {
  let status;
  try {
    status = await client.status(path, { uidNext: true });
  } catch (error) {
    // imapflow confirms with LIST that the folder is gone before it says NotFound; anything else (a
    // dropped connection) is no answer at all, and the change waits for the next attempt.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'NotFound') {
      throw refused(`The folder ${path} no longer exists on the server. ${afterwards}`);
    }
    throw error;
  }
  if (typeof status !== 'object' || status.uidNext === undefined) throw new Error(`STATUS ${path} gave no UIDNEXT`);
  return status.uidNext;
}

async function identities(client: ImapFlow, uids: readonly number[]): Promise<MessageIdentity[]> {
  const found: MessageIdentity[] = [];
  for (const uidSet of uidSets(uids)) {
    for await (const message of client.fetch(uidSet, { uid: true, envelope: true, size: true }, { uid: true })) {
      found.push({ uid: message.uid, messageId: message.envelope?.messageId ?? null, size: message.size ?? 0 });
    }
  }
  return found;
}

/** A copy of a message: the same Message-ID and the same size (messages without a Message-ID are told apart by size). */
function sameIdentity(candidate: MessageIdentity, sought: MessageIdentity): boolean {
  return candidate.size === sought.size && candidate.messageId === sought.messageId;
}

/**
 * A copy on another server: by Message-ID alone where there is one, since servers report sizes their own
 * way (Exchange only roughly), and a copy taken for missing would be appended twice.
 */
export function sameMessageElsewhere(candidate: MessageIdentity, sought: MessageIdentity): boolean {
  return sought.messageId === null ? candidate.messageId === null && candidate.size === sought.size : candidate.messageId === sought.messageId;
}

/**
 * Where copies of these messages landed in the destination, among UIDs from the checkpoint on: matched by
 * identity (Message-ID and size unless told otherwise), each copy claimed once. Used when the server's
 * answer was lost with the connection, or when it gives no COPYUID.
 */
export async function findLanded(
  client: ImapFlow,
  path: string,
  checkpoint: OperationCheckpoint,
  wanted: readonly number[],
  isCopy: (candidate: MessageIdentity, sought: MessageIdentity) => boolean = sameIdentity,
): Promise<Map<number, number>> {
  const landed = new Map<number, number>();
  const sought = checkpoint.messages.filter((message) => wanted.includes(message.uid));
  if (sought.length === 0) return landed;
  const lock = await client.getMailboxLock(path, { readOnly: true, description: 'find copies' });
  try {
    const candidates: MessageIdentity[] = [];
    for await (const message of client.fetch(
      `${checkpoint.destinationUidNext}:${MAX_UID}`,
      { uid: true, envelope: true, size: true },
      { uid: true },
    )) {
      if (message.uid >= checkpoint.destinationUidNext)
        candidates.push({ uid: message.uid, messageId: message.envelope?.messageId ?? null, size: message.size ?? 0 });
    }
    for (const message of sought) {
      const match = candidates.findIndex((candidate) => isCopy(candidate, message));
      if (match === -1) continue;
      landed.set(message.uid, candidates[match]?.uid ?? 0);
      candidates.splice(match, 1);
    }
  } finally {
    lock.release();
  }
  return landed;
}

/**
 * Which of the UIDs the source still holds. Before the first command of a move goes out, the checkpoint
 * is written too: where in the destination copies can land, and what they look like. None left before
 * anything was sent means someone else deleted or moved them: a refusal.
 */
async function presentWithCheckpoint(
  context: OperationContext,
  queued: QueuedOperation,
  operation: MailOperation & { kind: 'move' },
  uids: readonly number[],
  destinationUidNextOf: () => Promise<number>,
): Promise<{ present: number[]; checkpoint: OperationCheckpoint }> {
  const { client, cache } = context;
  const present = [...(await presentUids(client, uidSets(uids)))].sort((a, b) => a - b);
  if (queued.checkpoint !== null) return { present, checkpoint: queued.checkpoint };
  if (present.length === 0)
    throw refused(`The messages were deleted or moved elsewhere before they could be ${operation.copy ? 'copied' : 'moved'}.`);
  const checkpoint = { destinationUidNext: await destinationUidNextOf(), messages: await identities(client, present) };
  await cache.operationStarted(queued.id, checkpoint);
  return { present, checkpoint };
}

/**
 * Moves or copies within one account, exactly once. Before the first command goes out, the checkpoint
 * records where copies can land and what they look like; an attempt that finds one knows an earlier
 * command may have been carried out and looks for its copies before sending another. MOVE is atomic for
 * each message, so a message still in the source was not moved; a COPY may have landed either way.
 */
export async function performMove(
  context: OperationContext,
  queued: QueuedOperation,
  operation: MailOperation & { kind: 'move' },
): Promise<OperationOutcome> {
  if (operation.toAccountId !== undefined) return performTransfer(context, queued, operation, operation.toAccountId);
  const { client } = context;
  const uids = serverUids(operation.uids);
  if (uids.length === 0) return { kind: 'done', moved: [] };
  const landed = queued.checkpoint === null ? new Map<number, number>() : await findLanded(client, operation.toPath, queued.checkpoint, uids);
  const mapped = new Map(landed);
  const { unmapped, checkpoint } = await withWritableFolder(client, operation.path, operation.uidValidity, async () => {
    const source = await presentWithCheckpoint(context, queued, operation, uids, () => destinationUidNext(client, operation.toPath));
    const moveCommand = !operation.copy && hasCapability(client, 'MOVE');
    const transfer = source.present.filter((uid) => moveCommand || !landed.has(uid));
    for (const uidSet of uidSets(transfer)) {
      const map = moveCommand ? await uidMove(client, uidSet, operation.toPath) : await uidCopy(client, uidSet, operation.toPath);
      for (const [from, to] of map ?? []) mapped.set(from, to);
    }
    if (!operation.copy && !moveCommand) await expungeExactly(client, source.present);
    return { unmapped: transfer.filter((uid) => !mapped.has(uid)), checkpoint: source.checkpoint };
  });
  // A server without UIDPLUS does not say where the messages went: find them, so the cache need not
  // fetch them again.
  if (unmapped.length > 0) for (const [from, to] of await findLanded(client, operation.toPath, checkpoint, unmapped)) mapped.set(from, to);
  const moved: MovedMessage[] = uids.map((uid) => ({ from: uid, to: mapped.get(uid) ?? null }));
  return { kind: 'done', moved };
}

/** A message's whole source, streamed in chunks: no literal limit applies, whatever its size. */
async function messageSource(client: ImapFlow, uid: number): Promise<Buffer | null> {
  const download = await client.download(String(uid), undefined, { uid: true });
  if (download.content === undefined) return null;
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of download.content as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_TRANSFER_BYTES)
      throw refused('A message is too large to move between accounts here. Save it and add it to the other account by hand.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Messages moved between accounts pass through memory whole, one at a time (APPEND needs the length first). */
const MAX_TRANSFER_BYTES = 100 * 1024 * 1024;

/** The queue of another account must send its changes first: the replay stops without counting a refusal. */
export class WaitingForAccount extends AppFailure {
  constructor(readonly accountId: string) {
    super({ code: 'SERVER_ERROR', message: 'A move waits for a folder change in the account it goes to.' });
  }
}

/** Whether the account's queue still holds the creation of this folder (or of one it is in), or a rename to it. */
async function folderChangePending(cache: CachePort, accountId: string, path: string): Promise<boolean> {
  const within = (folder: string): boolean => path === folder || path.startsWith(`${folder}/`) || path.startsWith(`${folder}.`);
  return (await cache.pendingOperations(accountId)).some(
    ({ operation }) =>
      (operation.kind === 'createFolder' && within(operation.path)) || (operation.kind === 'renameFolder' && within(operation.toPath)),
  );
}

/**
 * Moves (or copies) to another account: each message is fetched here and appended there with its flags
 * and date, and only once every APPEND succeeded are the originals removed. An APPEND whose answer was
 * lost is found by the next attempt among the destination's new UIDs, so nothing arrives twice.
 */
async function performTransfer(
  context: OperationContext,
  queued: QueuedOperation,
  operation: MailOperation & { kind: 'move' },
  toAccountId: string,
): Promise<OperationOutcome> {
  const { client, onAccount } = context;
  const uids = serverUids(operation.uids);
  if (uids.length === 0) return { kind: 'done', moved: [] };
  // The destination may be a folder the user created (or renamed to) in the other account, which its
  // own queue has not sent yet: the move waits for it rather than fail on a folder the server lacks.
  if (await folderChangePending(context.cache, toAccountId, operation.toPath)) throw new WaitingForAccount(toAccountId);
  const earlier = queued.checkpoint;
  const mapped =
    earlier === null
      ? new Map<number, number>()
      : await onAccount(toAccountId, (destination) => findLanded(destination, operation.toPath, earlier, uids, sameMessageElsewhere));
  const landed = new Set(mapped.keys());
  await withWritableFolder(client, operation.path, operation.uidValidity, async () => {
    const { present } = await presentWithCheckpoint(context, queued, operation, uids, () =>
      onAccount(toAccountId, (destination) => destinationUidNext(destination, operation.toPath)),
    );
    for (const uid of present.filter((candidate) => !landed.has(candidate))) {
      const [message, source] = [
        await client.fetchOne(String(uid), { uid: true, flags: true, internalDate: true }, { uid: true }),
        await messageSource(client, uid),
      ];
      if (message === false || source === null) continue;
      const flags = [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent');
      const appended = await onAccount(toAccountId, (destination) => destination.append(operation.toPath, source, flags, message.internalDate));
      if (appended !== false && appended.uid !== undefined) mapped.set(uid, appended.uid);
    }
    if (!operation.copy) await expungeExactly(client, present);
  });
  return { kind: 'done', moved: uids.map((uid) => ({ from: uid, to: mapped.get(uid) ?? null })) };
}
