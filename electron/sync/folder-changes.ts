import type { ImapFlow, MailboxObject } from 'imapflow';
import type { FlagUpdate, FolderRef, FolderSyncState } from '../../shared/cache/delta';
import type { CachePort } from '../../shared/cache/port';
import type { SyncTier } from '../imap/sync-tier';
import { sessionlessFlags } from './header-record';
import { uidsInRange } from './uid-search';

/** UIDs per plain-tier flag FETCH: a command line stays short, a response stays around 100 KB. */
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
  mailbox: MailboxObject;
  tier: SyncTier;
  previous: FolderSyncState;
  /** Server UIDs below what the cache has reached yet (backfill still to come), and above uidNext (new). */
  olderCount: number;
  newCount: number;
}

interface UidRange {
  low: number;
  high: number;
}

/**
 * Flags of the messages in the range. One answer per UID, and only for UIDs asked about: a hostile
 * server cannot grow the list past the range by repeating or inventing FETCH responses.
 */
async function fetchFlags(client: ImapFlow, range: UidRange, changedSince?: bigint): Promise<FlagUpdate[]> {
  const updates = new Map<number, FlagUpdate>();
  const options = changedSince === undefined ? { uid: true } : { uid: true, changedSince };
  // Drained before anything else runs: a command inside imapflow's fetch loop deadlocks.
  for await (const message of client.fetch(`${range.low}:${range.high}`, { uid: true, flags: true }, options)) {
    if (message.uid >= range.low && message.uid <= range.high) updates.set(message.uid, { uid: message.uid, flags: sessionlessFlags(message.flags) });
  }
  return [...updates.values()];
}

/**
 * Messages the cache holds that the server no longer has. The known range only ever shrinks (new mail
 * gets higher UIDs), so equal counts mean nothing was expunged and the UID SEARCH can be skipped.
 */
async function expungedByComparison(query: ChangeQuery, knownTop: number): Promise<number[]> {
  const { client, cache, ref, mailbox, previous } = query;
  const cached = await cache.knownUids(ref);
  const serverKnownCount = mailbox.exists - query.olderCount - query.newCount;
  if (serverKnownCount === cached.length) return [];
  const present = new Set(await uidsInRange(client, previous.completeDownTo, knownTop));
  return cached.filter((uid) => uid <= knownTop && !present.has(uid));
}

/** Runs a flag FETCH and collects the VANISHED (EARLIER) UIDs the server reports along with it. */
async function fetchFlagsAndVanished(client: ImapFlow, path: string, range: UidRange, changedSince: bigint): Promise<[FlagUpdate[], number[]]> {
  // VANISHED (EARLIER) may name UIDs never seen, and the same UID twice: only the range counts, once.
  const vanished = new Set<number>();
  const onExpunge = (event: { path: string; uid?: number | undefined; vanished: boolean }): void => {
    if (event.vanished && event.path === path && event.uid !== undefined && event.uid >= range.low && event.uid <= range.high)
      vanished.add(event.uid);
  };
  client.on('expunge', onExpunge);
  try {
    return [await fetchFlags(client, range, changedSince), [...vanished]];
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
  const { client, mailbox, tier, previous, ref } = query;
  const knownTop = previous.uidNext - 1;
  const serverModseq = tier === 'plain' ? null : (mailbox.highestModseq?.toString() ?? null);
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
    const flagUpdates = await fetchFlags(client, knownRange, since);
    return { flagUpdates, expunged: await expungedByComparison(query, knownTop), highestModseq: serverModseq };
  }

  // No usable modseq: read every known message's flags, in chunks of UID ranges.
  const flagUpdates: FlagUpdate[] = [];
  for (let low = previous.completeDownTo; low <= knownTop; low += FLAG_CHUNK) {
    flagUpdates.push(...(await fetchFlags(client, { low, high: Math.min(low + FLAG_CHUNK - 1, knownTop) })));
  }
  return { flagUpdates, expunged: await expungedByComparison(query, knownTop), highestModseq: serverModseq };
}
