import type { ImapFlow } from 'imapflow';
import { parseUidRanges } from '../imap/message-commands';

/** What the caller knows of how many messages a range holds: SELECT's count bounds every range. */
export interface ExpectedUids {
  /** Exactly this many (a first sync's whole folder, the known part of a folder). */
  exactly?: number;
  /** No more than this (the folder's message count). */
  atMost: number;
}

/**
 * UIDs present in [from, to] on the server, ascending, by UID SEARCH. Some servers answer SEARCH wrongly
 * (an ESEARCH reply without ALL reads as no messages at all: Strato in IMAP4rev2 mode), and trusted, such
 * an answer skips new mail for good or marks cached mail expunged. So an answer that does not add up is
 * asked again with UID FETCH, which every server answers: an empty one, or one of another size than
 * `expected` allows.
 */
export async function uidsInRange(client: ImapFlow, from: number, to: number, expected: ExpectedUids): Promise<number[]> {
  if (to < from) return [];
  // Where the server has ESEARCH, RETURN (ALL) answers with ranges ("1:100000"), not a number per message:
  // a plain SEARCH answer for a few million messages is a line longer than imapflow reads.
  const found = await client.search({ uid: `${from}:${to}` }, { uid: true, returnOptions: ['ALL'] });
  // imapflow answers a refused SEARCH (NO, BAD) with false. Read as "no messages", it would mark the
  // range complete and skip its mail for good.
  if (found === false || found === undefined) throw new Error(`UID SEARCH ${from}:${to} was refused by the server`);
  const most = expected.exactly ?? expected.atMost;
  const uids = Array.isArray(found)
    ? [...new Set(found.filter((uid) => uid >= from && uid <= to))].sort((a, b) => a - b)
    : uidsOfSet(found.all ?? '', from, to, most);
  const addsUp = uids !== null && uids.length <= most && (expected.exactly === undefined ? uids.length > 0 : uids.length === expected.exactly);
  return addsUp ? uids : uidsByFetch(client, from, to);
}

/**
 * An ESEARCH ALL set expanded within [from, to], ascending, each UID once; null when it is not a set, or
 * names more than `most` UIDs, counted before any is listed (a server's "1:4294967294" is not expanded).
 */
export function uidsOfSet(set: string, from: number, to: number, most: number): number[] | null {
  if (set === '') return [];
  const ranges = parseUidRanges(set);
  if (ranges === null) return null;
  // Clamped to the range, in order, overlaps merged: then the count is the sum of the lengths.
  const merged: Array<[number, number]> = [];
  for (const [low, high] of ranges.map(([low, high]): [number, number] => [Math.max(low, from), Math.min(high, to)]).sort((a, b) => a[0] - b[0])) {
    if (low > high) continue;
    const last = merged.at(-1);
    if (last !== undefined && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  const count = merged.reduce((sum, [low, high]) => sum + high - low + 1, 0);
  if (count > most) return null;
  return merged.flatMap(([low, high]) => Array.from({ length: high - low + 1 }, (_, index) => low + index));
}

/** The same question as UID FETCH (UID): a line per message, but no server gets it wrong. */
async function uidsByFetch(client: ImapFlow, from: number, to: number): Promise<number[]> {
  const uids = new Set<number>();
  // Drained before anything else runs: a command inside imapflow's fetch loop deadlocks.
  for await (const message of client.fetch(`${from}:${to}`, { uid: true }, { uid: true })) {
    if (message.uid >= from && message.uid <= to) uids.add(message.uid);
  }
  return [...uids].sort((a, b) => a - b);
}
