import type { ImapFlow, MailboxObject } from 'imapflow';
import type { FolderSyncState } from '../../shared/cache/delta';
import type { CachePort } from '../../shared/cache/port';
import type { MessageHeader } from '../../shared/domain/message';
import { FIRST_HEADER_BATCH_SIZE, HEADER_BATCH_SIZE } from '../imap/limits';
import { lockFreshMailbox } from '../imap/mailbox';
import { toMessageHeader } from './header-record';
import { newestFirstBatches, toUidSet } from './uid-set';

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
}

/** What a header sync asks for: everything the list and the reader need, and no body. */
const headerQuery = { uid: true, envelope: true, flags: true, size: true, internalDate: true, bodyStructure: true } as const;

function uidValidityOf(mailbox: MailboxObject): number {
  return Number(mailbox.uidValidity);
}

/** UIDs present in [from, to] on the server, ascending. */
async function uidsInRange(client: ImapFlow, from: number, to: number): Promise<number[]> {
  if (to < from) return [];
  const found = await client.search({ uid: `${from}:${to}` }, { uid: true });
  return (found || []).filter((uid) => uid >= from && uid <= to).sort((a, b) => a - b);
}

/**
 * Fetches one batch. The fetch generator is drained completely before anything else happens: issuing a
 * command inside imapflow's fetch loop deadlocks the connection.
 */
async function fetchHeaders(client: ImapFlow, uids: readonly number[]): Promise<MessageHeader[]> {
  const headers: MessageHeader[] = [];
  for await (const message of client.fetch(toUidSet(uids), headerQuery, { uid: true })) {
    headers.push(toMessageHeader(message));
  }
  return headers;
}

/**
 * Brings one folder's headers into the cache, newest first, batch by batch. Each batch is written together
 * with a sync state that claims no more than what is cached, so an interrupted sync resumes where it
 * stopped and never skips mail.
 */
export async function syncFolderHeaders(options: FolderSyncOptions): Promise<{ newMessages: number }> {
  const { client, cache, accountId, path } = options;
  const { lock, mailbox } = await lockFreshMailbox(client, path, 'header sync');
  try {
    const uidValidity = uidValidityOf(mailbox);
    const uidNext = mailbox.uidNext;
    const known = await cache.folderState({ accountId, path });
    const reset = known !== null && known.uidValidity !== uidValidity;
    const previous = known !== null && !reset ? known : null;
    // HIGHESTMODSEQ may only move forward once every flag change up to it is applied; a first sync
    // fetches all flags after SELECT, so the SELECT value is safe. Later syncs keep the old one until the
    // incremental flag sync applies what changed.
    const highestModseq = previous === null ? (mailbox.highestModseq?.toString() ?? null) : previous.highestModseq;

    const newUids = await uidsInRange(client, previous?.uidNext ?? 1, uidNext - 1);
    const olderUids = previous === null ? [] : await uidsInRange(client, 1, previous.completeDownTo - 1);
    const total = newUids.length + olderUids.length;
    let done = 0;
    let state: FolderSyncState = previous ?? {
      uidValidity,
      uidNext: 1,
      highestModseq,
      completeDownTo: uidNext,
      messageCount: mailbox.exists,
    };
    let needsReset = reset;
    options.onProgress?.({ done, total });

    const apply = async (upserts: MessageHeader[], next: FolderSyncState): Promise<void> => {
      await cache.apply({ kind: 'messages', accountId, path, reset: needsReset, upserts, state: next });
      needsReset = false;
      state = next;
      done += upserts.length;
      options.onProgress?.({ done, total });
    };

    // New mail first, newest first. uidNext moves only once the whole new range is in: until then the
    // state keeps claiming only what it claimed before.
    const newBatches = newestFirstBatches(newUids, FIRST_HEADER_BATCH_SIZE, HEADER_BATCH_SIZE);
    for (const [index, batch] of newBatches.entries()) {
      const headers = await fetchHeaders(client, batch);
      const last = index === newBatches.length - 1;
      const lowest = Math.min(...batch);
      const next: FolderSyncState =
        previous === null
          ? { ...state, uidNext, highestModseq, completeDownTo: lowest, messageCount: mailbox.exists }
          : { ...state, uidNext: last ? uidNext : state.uidNext, messageCount: mailbox.exists };
      await apply(headers, next);
    }
    if (newBatches.length === 0 && (state.uidNext !== uidNext || needsReset)) {
      await apply([], { ...state, uidNext, messageCount: mailbox.exists, completeDownTo: previous === null ? 1 : state.completeDownTo });
    }
    if (previous === null && state.completeDownTo !== 1) {
      // Everything below the lowest UID found was searched for and does not exist.
      await apply([], { ...state, completeDownTo: 1 });
    }

    // Then the history an interrupted first sync had not reached yet.
    for (const batch of newestFirstBatches(olderUids, HEADER_BATCH_SIZE, HEADER_BATCH_SIZE)) {
      const headers = await fetchHeaders(client, batch);
      await apply(headers, { ...state, completeDownTo: Math.min(...batch) });
    }
    if (previous !== null && state.completeDownTo !== 1) await apply([], { ...state, completeDownTo: 1 });
    return { newMessages: newUids.length };
  } finally {
    lock.release();
  }
}
