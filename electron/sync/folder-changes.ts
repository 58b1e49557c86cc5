import type { ImapFlow } from 'imapflow';
import type { FlagUpdate, FolderRef, FolderSyncState } from '../../shared/cache/delta';
import type { CachePort } from '../../shared/cache/port';
import type { FolderNumbers } from '../imap/folder-numbers';
import type { SyncTier } from '../imap/sync-tier';
import { sessionlessFlags } from './header-record';
import { toUidSet, uidChunks } from './uid-set';
import { uidsInRange } from './uid-search';

/** UIDs per plain-tier flag FETCH at most (the set's length is bounded too): a response stays around 100 KB. */
const FLAG_CHUNK = 2000;

export interface FolderChanges {
  flagUpdates: FlagUpdate[];
  expunged: number[];
  /** What the cache may claim once these changes are applied; null where the folder has no modseq. */
  highestModseq: string | null;
}

interface ChangeQuery {
  client: ImapFlow;
  cache: CachePort;
  ref: FolderRef;
  /** The folder's numbers as SELECT reported them. */
  numbers: FolderNumbers;
  tier: SyncTier;
  previous: FolderSyncState;
  /** Without a usable modseq, the newest messages whose flags to read again; undefined: all of them. */
  recentFlags?: number | undefined;
  /** Server UIDs below what the cache has reached yet (backfill still to come), and above uidNext (new). */
  olderCount: number;
  newCount: number;
}

interface UidRange {
  low: number;
  high: number;
}

/** The IMAP sequence set to ask for, and which UIDs in the answer were asked for. */
interface FlagQuery {
  set: string;
  asked: (uid: number) => boolean;
}

function rangeQuery({ low, high }: UidRange): FlagQuery {
  return { set: `${low}:${high}`, asked: (uid) => uid >= low && uid <= high };
}

function listQuery(uids: readonly number[]): FlagQuery {
  const asked = new Set(uids);
  return { set: toUidSet(uids), asked: (uid) => asked.has(uid) };
}

/**
 * Flags of the messages asked about. One answer per UID, and only for UIDs asked about: a hostile server
 * cannot grow the list by repeating or inventing FETCH responses.
 */
async function fetchFlags(client: ImapFlow, query: FlagQuery, changedSince?: bigint): Promise<FlagUpdate[]> {
  const updates = new Map<number, FlagUpdate>();
  const options = changedSince === undefined ? { uid: true } : { uid: true, changedSince };
  // Drained before anything else runs: a command inside imapflow's fetch loop deadlocks.
  for await (const message of client.fetch(query.set, { uid: true, flags: true }, options)) {
    if (query.asked(message.uid)) updates.set(message.uid, { uid: message.uid, flags: sessionlessFlags(message.flags) });
  }
  return [...updates.values()];
}

/**
 * Messages the cache holds that the server no longer has. The known range only ever shrinks (new mail
 * gets higher UIDs), so equal counts mean nothing was expunged and the UID SEARCH can be skipped.
 */
async function expungedByComparison(query: ChangeQuery, knownTop: number, known?: readonly number[]): Promise<number[]> {
  const { client, cache, ref, numbers, previous } = query;
  const cached = (known ?? (await cache.knownUids(ref))).filter((uid) => uid <= knownTop);
  const serverKnownCount = numbers.exists - query.olderCount - query.newCount;
  if (serverKnownCount === cached.length) return [];
  const present = new Set(await uidsInRange(client, previous.completeDownTo, knownTop, { exactly: serverKnownCount, atMost: numbers.exists }));
  return cached.filter((uid) => !present.has(uid));
}

async function fetchFlagsAndVanished(client: ImapFlow, path: string, range: UidRange, changedSince: bigint): Promise<[FlagUpdate[], number[]]> {
  // VANISHED (EARLIER) may name UIDs never seen, and the same UID twice: only the range counts, once.
  const vanished = new Set<number>();
  const onExpunge = (event: { path: string; uid?: number | undefined; vanished: boolean }): void => {
    if (event.vanished && event.path === path && event.uid !== undefined && event.uid >= range.low && event.uid <= range.high)
      vanished.add(event.uid);
  };
  client.on('expunge', onExpunge);
  try {
    return [await fetchFlags(client, rangeQuery(range), changedSince), [...vanished]];
  } finally {
    client.off('expunge', onExpunge);
  }
}

/**
 * What changed on the server among the messages the cache already knows, by the cheapest means the
 * server allows. The known range is written with explicit bounds, never `*` (Cyrus resolves `*` to
 * the highest visible UID and hides the newest expunge).
 */
export async function fetchFolderChanges(query: ChangeQuery): Promise<FolderChanges> {
  const { client, numbers, tier, previous, ref } = query;
  const knownTop = previous.uidNext - 1;
  const serverModseq = tier === 'plain' ? null : (numbers.highestModseq?.toString() ?? null);
  if (knownTop < previous.completeDownTo) return { flagUpdates: [], expunged: [], highestModseq: serverModseq };
  const knownRange = { low: previous.completeDownTo, high: knownTop };

  if (tier !== 'plain' && serverModseq !== null && previous.highestModseq !== null) {
    if (serverModseq === previous.highestModseq) {
      // Nothing changed a flag. Under QRESYNC an expunge also raises HIGHESTMODSEQ, so nothing went either.
      const expunged = tier === 'qresync' ? [] : await expungedByComparison(query, knownTop);
      return { flagUpdates: [], expunged, highestModseq: serverModseq };
    }
    const since = BigInt(previous.highestModseq);
    if (tier === 'qresync') {
      const [flagUpdates, vanished] = await fetchFlagsAndVanished(client, ref.path, knownRange, since);
      return { flagUpdates, expunged: vanished, highestModseq: serverModseq };
    }
    const flagUpdates = await fetchFlags(client, rangeQuery(knownRange), since);
    return { flagUpdates, expunged: await expungedByComparison(query, knownTop), highestModseq: serverModseq };
  }

  // No usable modseq: read the flags of every message the cache holds, a chunk of its UIDs at a time
  // (chunks of UIDs, not of UID numbers: a folder with sparse UIDs costs what it holds, not its span).
  const cached = await query.cache.knownUids(ref);
  const known = cached.filter((uid) => uid <= knownTop);
  const flagUpdates = await fetchFlagsOf(client, query.recentFlags === undefined ? known : known.slice(-query.recentFlags));
  return { flagUpdates, expunged: await expungedByComparison(query, knownTop, cached), highestModseq: serverModseq };
}

/** The flags of these messages, a chunk of UIDs at a time. */
export async function fetchFlagsOf(client: ImapFlow, uids: readonly number[]): Promise<FlagUpdate[]> {
  const flagUpdates: FlagUpdate[] = [];
  for (const chunk of uidChunks(uids, FLAG_CHUNK)) flagUpdates.push(...(await fetchFlags(client, listQuery(chunk))));
  return flagUpdates;
}
