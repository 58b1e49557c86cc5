import type { ImapFlow } from 'imapflow';
import type { FlagUpdate, FolderSyncState } from '../../shared/cache/delta';
import type { CachePort } from '../../shared/cache/port';
import type { MessageHeader } from '../../shared/domain/message';
import { FIRST_HEADER_BATCH_SIZE, HEADER_BATCH_SIZE } from '../imap/limits';
import { checkedFolderNumbers } from '../imap/folder-numbers';
import { lockFreshMailbox } from '../imap/mailbox';
import { withUidNext } from '../imap/missing-uidnext';
import { syncTier } from '../imap/sync-tier';
import { fetchFlagsOf, fetchFolderChanges } from './folder-changes';
import { toMessageHeader } from './header-record';
import { fetchPreviews } from './previews';
import { newestFirstBatches, toUidSet, uidChunks } from './uid-set';
import { uidsInRange } from './uid-search';

export interface FolderSyncProgress {
  done: number;
  total: number;
}

export interface FolderSyncOptions {
  client: ImapFlow;
  cache: CachePort;
  accountId: string;
  path: string;
  onProgress?: (progress: FolderSyncProgress) => void;
  /** Fetch previews for the newest page (a partial body fetch each); default true. */
  previews?: boolean;
  /** Without a usable modseq, the newest messages whose flags to read again (see FlagPasses); default all. */
  recentFlags?: number | undefined;
}

export interface FolderSyncReport {
  newMessages: number;
  /** The folder's first sync: its mail is not "new" to the user. */
  initial: boolean;
  /** The newest of the new messages, for a notification. */
  newest: MessageHeader | null;
  flagChanges: number;
  expunged: number;
  /** Every cached message's flags are now as the server has them (a first sync, or no `recentFlags`). */
  readAllFlags: boolean;
}

/** What a header sync asks for: everything the list and the reader need, and no body. */
const headerQuery = { uid: true, envelope: true, flags: true, size: true, internalDate: true, bodyStructure: true } as const;

/**
 * Fetches one batch. The fetch generator is drained completely before anything else happens: issuing a
 * command inside imapflow's fetch loop deadlocks the connection.
 */
export async function fetchHeaders(client: ImapFlow, uids: readonly number[]): Promise<MessageHeader[]> {
  const wanted = new Set(uids);
  const headers = new Map<number, MessageHeader>();
  // Sparse UIDs can make a batch's set too long for one command line: then it takes more than one FETCH.
  for (const chunk of uidChunks(uids, uids.length)) {
    for await (const message of client.fetch(toUidSet(chunk), headerQuery, { uid: true })) {
      // Only what was asked for, once: unsolicited FETCH responses must not grow the batch.
      if (wanted.has(message.uid)) headers.set(message.uid, toMessageHeader(message));
    }
  }
  return [...headers.values()];
}

type ApplyBatch = (next: FolderSyncState, upserts: MessageHeader[]) => Promise<void>;

/**
 * At most one cache write in flight, applied in order. The next state is computed only when its write
 * starts, from the state the previous write left.
 */
class OrderedWrites {
  private inFlight: Promise<void> = Promise.resolve();

  /** Waits for the write before, then starts this one without waiting for it to finish. */
  async then(nextState: () => FolderSyncState, upserts: MessageHeader[], apply: ApplyBatch): Promise<void> {
    await this.inFlight;
    const write = apply(nextState(), upserts);
    // Seen by the next then() or drain(); the catch only keeps a failure from being reported twice.
    write.catch(() => undefined);
    this.inFlight = write;
  }

  drain(): Promise<void> {
    return this.inFlight;
  }
}

/**
 * Brings one folder into the cache: first what changed among the messages it knows (flags, expunges),
 * then new mail newest first, then history an earlier sync had not reached. Every write carries a sync
 * state that claims no more than what is cached, so an interrupted sync resumes where it stopped and
 * never skips mail, and HIGHESTMODSEQ moves only with the changes it covers.
 */
export async function syncFolderHeaders(options: FolderSyncOptions): Promise<FolderSyncReport> {
  const { client, cache, accountId, path } = options;
  const { lock, mailbox } = await lockFreshMailbox(client, path, 'header sync');
  try {
    const known = await cache.folderState({ accountId, path });
    // Before anything the server said reaches the cache: an impossible number stops here, state untouched.
    // As SELECT reported them: imapflow's mailbox object moves with every EXISTS and EXPUNGE that arrives
    // later, and a count or modseq committed from it could claim changes this sync never applied.
    const numbers = checkedFolderNumbers(await withUidNext(client, mailbox, known), path, known);
    const { uidValidity, uidNext, exists } = numbers;
    const tier = syncTier(client, mailbox);
    const reset = known !== null && known.uidValidity !== uidValidity;
    const previous = known !== null && !reset ? known : null;

    // Unchanged UIDNEXT means no new mail: no SEARCH for it.
    // A first sync knows how many messages the range must hold: all of them.
    const serverNewUids =
      previous?.uidNext === uidNext
        ? []
        : await uidsInRange(
            client,
            previous?.uidNext ?? 1,
            uidNext - 1,
            previous === null ? { exactly: exists, atMost: exists } : { atMost: exists },
          );
    // Above what the last sync reached, the cache may hold messages already: mail this client moved here
    // (COPYUID named their UIDs), or an interrupted resync's batches. Their headers never change; only
    // their flags are read again.
    const cachedNew = previous === null || uidNext === previous.uidNext ? [] : await cache.knownUids({ accountId, path }, previous.uidNext);
    const cachedNewSet = new Set(cachedNew);
    const newUids = serverNewUids.filter((uid) => !cachedNewSet.has(uid));
    const refreshUids = serverNewUids.filter((uid) => cachedNewSet.has(uid));
    const olderUids = previous === null ? [] : await uidsInRange(client, 1, previous.completeDownTo - 1, { atMost: exists });
    const total = newUids.length + olderUids.length;
    let done = 0;
    let needsReset = reset;
    let state: FolderSyncState = previous ?? {
      uidValidity,
      uidNext: 1,
      highestModseq: tier === 'plain' ? null : (numbers.highestModseq?.toString() ?? null),
      completeDownTo: uidNext,
      messageCount: exists,
    };
    options.onProgress?.({ done, total });

    const apply = async (next: FolderSyncState, upserts: MessageHeader[], flagUpdates: FlagUpdate[] = [], expunged: number[] = []): Promise<void> => {
      await cache.apply({ kind: 'messages', accountId, path, reset: needsReset, upserts, flagUpdates, expunged, state: next });
      needsReset = false;
      state = next;
      done += upserts.length;
      options.onProgress?.({ done, total });
    };

    let flagChanges = 0;
    let expungedCount = 0;
    if (previous !== null) {
      const changes = await fetchFolderChanges({
        client,
        cache,
        ref: { accountId, path },
        numbers,
        tier,
        previous,
        olderCount: olderUids.length,
        newCount: serverNewUids.length,
        recentFlags: options.recentFlags,
      });
      // An interrupted resync may have cached new mail above the UIDNEXT it committed; what of it the
      // server no longer has is in no VANISHED range the changes cover, so it goes here.
      const present = new Set(serverNewUids);
      const stranded = cachedNew.filter((uid) => !present.has(uid));
      const expunged = [...changes.expunged, ...stranded];
      const flagUpdates = [...changes.flagUpdates, ...(await fetchFlagsOf(client, refreshUids))];
      flagChanges = flagUpdates.length;
      expungedCount = expunged.length;
      if (flagChanges > 0 || expungedCount > 0 || changes.highestModseq !== previous.highestModseq || previous.messageCount !== exists) {
        await apply({ ...state, highestModseq: changes.highestModseq, messageCount: exists }, [], flagUpdates, expunged);
      }
    }

    // New mail, newest first. uidNext moves only once the whole new range is in: until then the state
    // keeps claiming only what it claimed before. The next batch is fetched while the cache writes the
    // last one, so that network and disk overlap instead of adding up; writes still land in order.
    const writes = new OrderedWrites();
    const newBatches = newestFirstBatches(newUids, FIRST_HEADER_BATCH_SIZE, HEADER_BATCH_SIZE);
    let newest: MessageHeader | null = null;
    for (const [index, batch] of newBatches.entries()) {
      const headers = await fetchHeaders(client, batch);
      if (index === 0)
        newest = headers.reduce<MessageHeader | null>((best, header) => (best === null || header.uid > best.uid ? header : best), null);
      const last = index === newBatches.length - 1;
      await writes.then(
        (): FolderSyncState =>
          previous === null
            ? { ...state, uidNext, completeDownTo: Math.min(...batch), messageCount: exists }
            : { ...state, uidNext: last ? uidNext : state.uidNext, messageCount: exists },
        headers,
        apply,
      );
      if (index === 0 && options.previews !== false) {
        // The newest page gets its previews at once; it is what the list shows first.
        await writes.drain();
        const previews = await fetchPreviews(client, headers);
        if (previews.length > 0) await cache.apply({ kind: 'previews', accountId, path, uidValidity, previews });
      }
    }
    await writes.drain();
    // An empty folder's first sync writes its state too: without it, every sync would SELECT it again.
    if (state.uidNext !== uidNext || needsReset || (previous === null && newBatches.length === 0))
      await apply({ ...state, uidNext, messageCount: exists }, []);

    // Then history an interrupted first sync had not reached yet. Below the lowest UID found, the
    // search found nothing: that part is complete too.
    for (const batch of newestFirstBatches(olderUids, HEADER_BATCH_SIZE, HEADER_BATCH_SIZE)) {
      const headers = await fetchHeaders(client, batch);
      await writes.then(() => ({ ...state, completeDownTo: Math.min(...batch) }), headers, apply);
    }
    await writes.drain();
    if (state.completeDownTo !== 1) await apply({ ...state, completeDownTo: 1 }, []);
    return {
      newMessages: newUids.length,
      initial: previous === null,
      newest,
      flagChanges,
      expunged: expungedCount,
      readAllFlags: previous === null || options.recentFlags === undefined,
    };
  } finally {
    lock.release();
  }
}
