import { SENDER_MARK } from '../../../shared/search/match';

/**
 * The local search index, as immutable segments: each write of messages adds one segment, an inverted
 * index of just those messages, cut into buckets by the first two characters of each word. A search
 * reads one bucket per word from every segment, which is a few rows however large the mailbox is; a
 * write puts a few hundred rows for a thousand messages where a multi-entry index would put forty
 * thousand entries. Segments are merged in the background of writes (see word-index.ts) so that their
 * number stays small. Nothing here touches the database.
 */

/** A message as the index takes it: where it is, when it was sent (results come newest first), its words. */
export interface IndexedMessage {
  folderKey: string;
  uid: number;
  date: number;
  words: Iterable<string>;
}

/** The messages of one segment. A posting names a message by its position here (its ref). */
export interface WordSegment {
  id: number;
  /** How many merges made it: segments of one level are merged together into the next. */
  level: number;
  folders: string[];
  folderOf: Uint32Array;
  uids: Float64Array;
  dates: Float64Array;
}

/**
 * One bucket of one segment: its words sorted, and for word i the refs refs[starts[i]..starts[i+1]].
 * Words sharing a prefix are neighbours, so a prefix's postings are one contiguous run.
 */
export interface WordBucket {
  bucket: string;
  segment: number;
  words: string[];
  starts: Uint32Array;
  refs: Uint32Array;
}

const BUCKET_CHARS = 2;

/** How many characters of a word name its bucket: a sender's mark is not one of them. */
function bucketChars(word: string): number {
  return word.startsWith(SENDER_MARK) ? BUCKET_CHARS + 1 : BUCKET_CHARS;
}

/** The bucket a word is filed under: its first two characters (code points, so CJK and emoji stay whole). */
export function bucketOf(word: string): string {
  const chars = bucketChars(word);
  let bucket = '';
  let count = 0;
  for (const char of word) {
    bucket += char;
    if (++count === chars) break;
  }
  return bucket;
}

/** Whether a search term names one bucket exactly; a shorter term spans every bucket it begins. */
export function termFillsBucket(term: string): boolean {
  const chars = bucketChars(term);
  let count = 0;
  for (const _char of term) if (++count === chars) return true;
  return false;
}

function messageKey(folderKey: string, uid: number): string {
  return `${folderKey}\u0000${uid}`;
}

/** The messages a segment being built names, numbered in the order they are first met. */
class MessageTable {
  private readonly refs = new Map<string, number>();
  private readonly folders: string[] = [];
  private readonly folderIndex = new Map<string, number>();
  private readonly folderOf: number[] = [];
  private readonly uids: number[] = [];
  private readonly dates: number[] = [];

  /** The message's ref, and whether it was met before. */
  refOf(folderKey: string, uid: number, date: number): { ref: number; seen: boolean } {
    const key = messageKey(folderKey, uid);
    const known = this.refs.get(key);
    if (known !== undefined) return { ref: known, seen: true };
    const ref = this.uids.length;
    this.refs.set(key, ref);
    let folder = this.folderIndex.get(folderKey);
    if (folder === undefined) {
      folder = this.folders.length;
      this.folders.push(folderKey);
      this.folderIndex.set(folderKey, folder);
    }
    this.folderOf.push(folder);
    this.uids.push(uid);
    this.dates.push(date);
    return { ref, seen: false };
  }

  toSegment(id: number, level: number): WordSegment {
    return {
      id,
      level,
      folders: this.folders,
      folderOf: Uint32Array.from(this.folderOf),
      uids: Float64Array.from(this.uids),
      dates: Float64Array.from(this.dates),
    };
  }
}

/** One bucket's rows from its words, sorted, and each word's refs. */
function packBucket(bucket: string, segment: number, words: string[], lists: ReadonlyArray<readonly number[]>): WordBucket {
  const starts = new Uint32Array(words.length + 1);
  let total = 0;
  for (const [index, list] of lists.entries()) {
    starts[index] = total;
    total += list.length;
  }
  starts[words.length] = total;
  const refs = new Uint32Array(total);
  for (const [index, list] of lists.entries()) refs.set(list, starts[index]);
  return { bucket, segment, words, starts, refs };
}

/** An inverted index of the given messages. A message given twice (header, then body) is one, with both word lists. */
export function buildSegment(id: number, level: number, messages: Iterable<IndexedMessage>): { segment: WordSegment; buckets: WordBucket[] } {
  const table = new MessageTable();
  // Each message's words as given; a set only for a message given twice, whose lists may overlap.
  const wordsOfRef: Array<Iterable<string>> = [];
  for (const message of messages) {
    const { ref, seen } = table.refOf(message.folderKey, message.uid, message.date);
    if (!seen) wordsOfRef.push(message.words);
    else wordsOfRef[ref] = new Set([...(wordsOfRef[ref] ?? []), ...message.words]);
  }
  // Refs are visited in order, so every word's postings come out sorted; a word a message lists twice
  // is posted once.
  const postings = new Map<string, number[]>();
  for (const [ref, words] of wordsOfRef.entries()) {
    for (const word of words) {
      const list = postings.get(word);
      if (list === undefined) postings.set(word, [ref]);
      else if (list[list.length - 1] !== ref) list.push(ref);
    }
  }
  const byBucket = new Map<string, string[]>();
  for (const word of postings.keys()) {
    const bucket = bucketOf(word);
    const words = byBucket.get(bucket);
    if (words === undefined) byBucket.set(bucket, [word]);
    else words.push(word);
  }
  const buckets = [...byBucket].map(([bucket, words]) => {
    words.sort(compareStrings);
    return packBucket(
      bucket,
      id,
      words,
      words.map((word) => postings.get(word) ?? []),
    );
  });
  return { segment: table.toSegment(id, level), buckets };
}

/** Code-unit order, the order IndexedDB compares strings in (localeCompare would not match its ranges). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The refs of a bucket's words that begin with the term: one contiguous run, possibly naming a message twice. */
export function refsWithPrefix(bucket: WordBucket, term: string): Uint32Array {
  const { words, starts, refs } = bucket;
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareStrings(words[middle] ?? '', term) < 0) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < words.length && (words[end] ?? '').startsWith(term)) end += 1;
  return refs.subarray(starts[low] ?? 0, starts[end] ?? 0);
}

/**
 * Several segments merged into one, bucket by bucket, without going back to each message's words: the
 * messages are renumbered in order, each word's runs of refs are mapped and joined. Messages the filter
 * refuses (expunged or moved since) are left out, so merging also sweeps the index clean; a message in
 * several segments (its header, then its body) becomes one.
 */
export function mergeSegments(
  id: number,
  level: number,
  segments: readonly WordSegment[],
  buckets: readonly WordBucket[],
  keep: (folderKey: string, uid: number) => boolean,
): { segment: WordSegment; buckets: WordBucket[] } {
  const messages = new MessageTable();
  /** Per segment: old ref to new ref, -1 where the message is left out. */
  const renumbered = new Map<number, Int32Array>();
  let repeats = false;
  for (const segment of segments) {
    const table = new Int32Array(segment.uids.length).fill(-1);
    for (const [ref, uid] of segment.uids.entries()) {
      const folderKey = segment.folders[segment.folderOf[ref] ?? 0] ?? '';
      if (!keep(folderKey, uid)) continue;
      const { ref: next, seen } = messages.refOf(folderKey, uid, segment.dates[ref] ?? 0);
      if (seen) repeats = true;
      table[ref] = next;
    }
    renumbered.set(segment.id, table);
  }
  const byBucket = new Map<string, Map<string, number[]>>();
  // Segments in the order their messages were numbered: each word's refs come out ascending.
  const order = new Map(segments.map((segment, index) => [segment.id, index]));
  const ordered = [...buckets].sort((a, b) => (order.get(a.segment) ?? 0) - (order.get(b.segment) ?? 0));
  for (const bucket of ordered) {
    const table = renumbered.get(bucket.segment);
    if (table === undefined) continue;
    let postings = byBucket.get(bucket.bucket);
    if (postings === undefined) {
      postings = new Map();
      byBucket.set(bucket.bucket, postings);
    }
    for (const [index, word] of bucket.words.entries()) {
      let list = postings.get(word);
      for (let at = bucket.starts[index] ?? 0; at < (bucket.starts[index + 1] ?? 0); at += 1) {
        const next = table[bucket.refs[at] ?? 0] ?? -1;
        if (next < 0) continue;
        if (list === undefined) {
          list = [];
          postings.set(word, list);
        }
        list.push(next);
      }
    }
  }
  const merged = [...byBucket].map(([bucket, postings]) => {
    const words = [...postings.keys()].sort(compareStrings);
    // A message met in two segments may name a word twice, out of order.
    const lists = words.map((word) => {
      const list = postings.get(word) ?? [];
      return repeats ? [...new Set(list)].sort((a, b) => a - b) : list;
    });
    return packBucket(bucket, id, words, lists);
  });
  return { segment: messages.toSegment(id, level), buckets: merged };
}
