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
  const found = await client.search({ uid: `${from}:${to}` }, { uid: true });
  // imapflow answers a refused SEARCH (NO, BAD) with false. Read as "no messages", it would mark the
  // range complete and skip its mail for good.
  if (!Array.isArray(found)) throw new Error(`UID SEARCH ${from}:${to} was refused by the server`);
  const uids = found.filter((uid) => uid >= from && uid <= to).sort((a, b) => a - b);
  const addsUp = expectedCount === undefined ? uids.length > 0 : uids.length === expectedCount;
  return addsUp ? uids : uidsByFetch(client, from, to);
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
