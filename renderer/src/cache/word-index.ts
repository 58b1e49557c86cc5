import type { MailCache } from './db';
import { bucketOf, buildSegment, mergeSegments, refsWithPrefix, termFillsBucket, type IndexedMessage, type WordBucket } from './word-segments';

/**
 * Segments of one level are merged once there are this many: a search reads at most this many rows per
 * word and level, and a message is rewritten once per level it climbs.
 */
const MERGE_AT = 16;

/** The tables a transaction that indexes messages must hold, besides the messages table. */
export function wordIndexTables(db: MailCache) {
  return [db.wordSegments, db.wordBuckets];
}

/**
 * The tables indexing writes: the database's own, or a schema upgrade's, which must write through its
 * transaction's tables (the database's are not bound to the upgrade).
 */
export type IndexTables = Pick<MailCache, 'wordSegments' | 'wordBuckets' | 'messages'>;

/**
 * Adds messages to the index, inside the caller's transaction (which must hold `wordIndexTables` and
 * messages): a message cached is a message found, with no moment in between. A message added again
 * (its body arrived, it was moved) is found under every key it was given; keys that no longer hold a
 * message are dropped when their segment is next merged.
 */
export async function indexMessages(db: IndexTables, messages: readonly IndexedMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await putSegment(db, 0, messages);
  await mergeFullLevels(db, 0);
}

async function nextSegmentId(db: IndexTables): Promise<number> {
  const last = await db.wordSegments.orderBy(':id').lastKey();
  return (typeof last === 'number' ? last : 0) + 1;
}

async function putSegment(db: IndexTables, level: number, messages: Iterable<IndexedMessage>): Promise<void> {
  const { segment, buckets } = buildSegment(await nextSegmentId(db), level, messages);
  await db.wordSegments.put(segment);
  await db.wordBuckets.bulkPut(buckets);
}

async function mergeFullLevels(db: IndexTables, level: number): Promise<void> {
  const ids = await db.wordSegments.where('level').equals(level).primaryKeys();
  if (ids.length < MERGE_AT) return;
  const segments = (await db.wordSegments.bulkGet(ids)).flatMap((segment) => (segment === undefined ? [] : [segment]));
  // One range read per segment (getAll), not anyOf: Dexie walks anyOf with a cursor, a step per row,
  // which made merges most of what indexing cost. Same order: by segment, then by bucket.
  const buckets = (await Promise.all(ids.map((id) => db.wordBuckets.where('segment').equals(id).toArray()))).flat();
  const present = await presentKeys(db, segments);
  const merged = mergeSegments(await nextSegmentId(db), level + 1, segments, buckets, (folderKey, uid) => present.get(folderKey)?.has(uid) === true);
  await db.wordSegments.put(merged.segment);
  await db.wordBuckets.bulkPut(merged.buckets);
  await db.wordBuckets.bulkDelete(buckets.map((bucket): [string, number] => [bucket.bucket, bucket.segment]));
  await db.wordSegments.bulkDelete(ids);
  await mergeFullLevels(db, level + 1);
}

/** Which of the segments' messages are still cached, read as keys only, one UID range per folder. */
async function presentKeys(db: IndexTables, segments: ReadonlyArray<{ folders: string[]; folderOf: Uint32Array; uids: Float64Array }>) {
  const ranges = new Map<string, [number, number]>();
  for (const segment of segments) {
    for (const [ref, uid] of segment.uids.entries()) {
      const folderKey = segment.folders[segment.folderOf[ref] ?? 0] ?? '';
      const range = ranges.get(folderKey);
      ranges.set(folderKey, range === undefined ? [uid, uid] : [Math.min(range[0], uid), Math.max(range[1], uid)]);
    }
  }
  const present = new Map<string, Set<number>>();
  for (const [folderKey, [low, high]] of ranges) {
    const keys = await db.messages.where('[folderKey+uid]').between([folderKey, low], [folderKey, high], true, true).primaryKeys();
    present.set(folderKey, new Set(keys.map(([, uid]) => uid)));
  }
  return present;
}

/** A message the index names: where to read it, and its date to order by before reading it. */
export interface IndexHit {
  key: [string, number];
  date: number;
}

/**
 * The messages having, for every term, a word that begins with it, within the folders `include`
 * accepts; newest first (ties as `newestFirst` orders rows). The index may name a message that has
 * since gone or changed: the caller reads and checks each one. Read in one transaction, so that a
 * merge running meanwhile cannot hide the segments it replaces and those it writes alike.
 */
export async function messagesWithEveryPrefix(db: MailCache, terms: readonly string[], include: (folderKey: string) => boolean): Promise<IndexHit[]> {
  return db.transaction('r', wordIndexTables(db), async () => {
    const bucketsOfTerms = await Promise.all(terms.map((term) => bucketsFor(db, term)));
    const segmentIds = [...new Set(bucketsOfTerms.flat().map((bucket) => bucket.segment))];
    const segments = new Map(
      (await db.wordSegments.bulkGet(segmentIds)).flatMap((segment) => (segment === undefined ? [] : [[segment.id, segment]])),
    );
    const folders = new FolderNumbers();
    // Per term, the messages it finds as numbers (folder and UID in one), each with its date.
    const found = terms.map((term, index) => {
      const hits = new Map<number, number>();
      for (const bucket of bucketsOfTerms[index] ?? []) {
        const segment = segments.get(bucket.segment);
        if (segment === undefined) continue;
        const folderNumbers = segment.folders.map((folderKey) => (include(folderKey) ? folders.numberOf(folderKey) : -1));
        for (const ref of refsWithPrefix(bucket, term)) {
          const folder = folderNumbers[segment.folderOf[ref] ?? 0] ?? -1;
          if (folder >= 0) hits.set(messageNumber(folder, segment.uids[ref] ?? 0), segment.dates[ref] ?? 0);
        }
      }
      return hits;
    });
    found.sort((a, b) => a.size - b.size);
    const [rarest, ...others] = found;
    if (rarest === undefined) return [];
    const hits: IndexHit[] = [];
    for (const [number, date] of rarest) {
      if (others.every((other) => other.has(number))) hits.push({ key: folders.keyOf(number), date });
    }
    return hits.sort((a, b) => b.date - a.date || (a.key[0] < b.key[0] ? 1 : a.key[0] > b.key[0] ? -1 : 0) || b.key[1] - a.key[1]);
  });
}

/** The bucket rows that can hold words beginning with the term, from every segment. */
function bucketsFor(db: MailCache, term: string): Promise<WordBucket[]> {
  const [low, high] = termFillsBucket(term) ? [bucketOf(term), bucketOf(term)] : [term, `${term}\uffff`];
  return db.wordBuckets.where('[bucket+segment]').between([low, -Infinity], [high, Infinity], true, true).toArray();
}

/** UIDs run from placeholders below zero up to 2^32 - 1: shifted, they fit 33 bits below the folder's number. */
const UID_SPAN = 2 ** 33;
const UID_SHIFT = 2 ** 32;

function messageNumber(folder: number, uid: number): number {
  return folder * UID_SPAN + uid + UID_SHIFT;
}

/** Small numbers for the folders one search meets, so messages can be compared as numbers instead of strings. */
class FolderNumbers {
  private readonly numbers = new Map<string, number>();
  private readonly keys: string[] = [];

  numberOf(folderKey: string): number {
    let number = this.numbers.get(folderKey);
    if (number === undefined) {
      number = this.keys.length;
      this.keys.push(folderKey);
      this.numbers.set(folderKey, number);
    }
    return number;
  }

  keyOf(message: number): [string, number] {
    const folder = Math.floor(message / UID_SPAN);
    return [this.keys[folder] ?? '', message - folder * UID_SPAN - UID_SHIFT];
  }
}
