import type { ImapFlow, StatusObject } from 'imapflow';
import type { ImapRefusal } from '../imap/message-commands';

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
 * True when the server refuses STATUS too: nothing but the name is left. imapflow answers a refused
 * STATUS with false (or throws NotFound when LIST no longer has the folder either).
 */
export async function onlyTheNameLeft(client: ImapFlow, path: string): Promise<boolean> {
  try {
    return (await client.status(path, { messages: true })) === false;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'NotFound') return true;
    throw error;
  }
}
