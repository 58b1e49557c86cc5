import type { ImapFlow, StatusObject } from 'imapflow';
import { statusRefusal, type ImapRefusal } from '../imap/message-commands';

/**
 * What a refused SELECT says about a listed folder's cached mail:
 * - `gone`: the server says the folder does not exist (RFC 5530 NONEXISTENT);
 * - `ask`: a NO with no reason, for a folder LIST gave no STATUS: perhaps only its name is left (Dovecot
 *   keeps listing a deleted folder that still has subfolders), which a STATUS of its own settles;
 * - `keep`: anything else (UNAVAILABLE, INUSE, LIMIT, SERVERBUG, a throttled session...) is a refusal for
 *   now, and the cached mail stays until the server says more.
 */
export function refusedFolderVerdict(refusal: ImapRefusal, listedStatus: StatusObject | undefined): 'gone' | 'ask' | 'keep' {
  if (refusal.status !== 'NO') return 'keep';
  if (refusal.code === 'NONEXISTENT') return 'gone';
  return refusal.code === null && !hasStatus(listedStatus) ? 'ask' : 'keep';
}

/** imapflow leaves a folder's status out, or sets `false` or `{ error }` when its own STATUS fallback failed. */
function hasStatus(listedStatus: unknown): boolean {
  return typeof listedStatus === 'object' && listedStatus !== null && !('error' in listedStatus);
}

/**
 * True when the server refuses a STATUS of the folder too, with a plain NO or NONEXISTENT, and the
 * connection is still there: nothing but the name is left. Anything else (an answer, a reason given, a
 * BAD, a dropped connection) says nothing of the kind, and the cached mail stays.
 */
export async function onlyTheNameLeft(client: ImapFlow, path: string): Promise<boolean> {
  const refusal = await statusRefusal(client, path);
  return refusal !== null && refusal.status === 'NO' && (refusal.code === null || refusal.code === 'NONEXISTENT') && client.usable;
}
