import type { ImapFlow } from 'imapflow';

/** UIDs present in [from, to] on the server, ascending. */
export async function uidsInRange(client: ImapFlow, from: number, to: number): Promise<number[]> {
  if (to < from) return [];
  const found = await client.search({ uid: `${from}:${to}` }, { uid: true });
  // imapflow answers a refused SEARCH (NO, BAD) with false. Read as "no messages", it would mark the
  // range complete and skip its mail for good.
  if (!Array.isArray(found)) throw new Error(`UID SEARCH ${from}:${to} was refused by the server`);
  return found.filter((uid) => uid >= from && uid <= to).sort((a, b) => a - b);
}
