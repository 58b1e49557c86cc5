import type { ImapFlow } from 'imapflow';

/**
 * UIDs present in [from, to] on the server, ascending, by UID SEARCH. Some servers answer SEARCH wrongly
 * (an ESEARCH reply without ALL reads as no messages at all: Strato in IMAP4rev2 mode), and trusted, such
 * an answer skips new mail for good or marks cached mail expunged. So an answer that does not add up is
 * asked again with UID FETCH, which every server answers: one of another size than `expectedCount` (when the
 * caller knows how many messages the range holds), or an empty one.
 */
export async function uidsInRange(client: ImapFlow, from: number, to: number, expectedCount?: number): Promise<number[]> {
  if (to < from) return [];
  // Where the server has ESEARCH, RETURN (ALL) answers with ranges ("1:100000"), not a number per message:
  // a plain SEARCH answer for a few million messages is a line longer than imapflow reads.
  const found = await client.search({ uid: `${from}:${to}` }, { uid: true, returnOptions: ['ALL'] });
  // imapflow answers a refused SEARCH (NO, BAD) with false. Read as "no messages", it would mark the
  // range complete and skip its mail for good.
  if (found === false || found === undefined) throw new Error(`UID SEARCH ${from}:${to} was refused by the server`);
  const uids = Array.isArray(found)
    ? [...new Set(found.filter((uid) => uid >= from && uid <= to))].sort((a, b) => a - b)
    : uidsOfSet(found.all ?? '', from, to);
  const addsUp = uids !== null && (expectedCount === undefined ? uids.length > 0 : uids.length === expectedCount);
  return addsUp ? uids : uidsByFetch(client, from, to);
}

/** An ESEARCH ALL set expanded within [from, to]; null when it names more UIDs than the range holds. */
export function uidsOfSet(set: string, from: number, to: number): number[] | null {
  const uids = new Set<number>();
  for (const item of set.split(',')) {
    if (item === '') continue;
    const [first = '', last = first] = item.split(':');
    const a = Number(first);
    const b = Number(last);
    if (!Number.isInteger(a) || !Number.isInteger(b)) return null;
    for (let uid = Math.max(Math.min(a, b), from); uid <= Math.min(Math.max(a, b), to); uid++) {
      uids.add(uid);
      if (uids.size > to - from + 1) return null;
    }
  }
  return [...uids].sort((x, y) => x - y);
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
