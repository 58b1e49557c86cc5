import type { ImapFlow, MailboxObject } from 'imapflow';

const MAX_UID = 2 ** 32 - 1;

/**
 * RFC 3501 requires UIDNEXT at SELECT, yet some servers leave it out (Winmail Pro, mail.163.com). The
 * highest UID plus one stands in for it: never above the real UIDNEXT, so mail that arrives later (at or
 * above the real one) is still found, and never below what the cache reached under the same UIDVALIDITY,
 * so the newest message being expunged does not look like UIDs going back.
 */
export async function withUidNext(
  client: ImapFlow,
  mailbox: MailboxObject,
  known: { uidValidity: number; uidNext: number } | null,
): Promise<MailboxObject> {
  // imapflow leaves the field unset when the server did not send it, whatever its type says.
  if ((mailbox as { uidNext?: unknown }).uidNext !== undefined) return mailbox;
  const reached = known !== null && BigInt(known.uidValidity) === mailbox.uidValidity ? known.uidNext : 1;
  if (mailbox.exists === 0) return { ...mailbox, uidNext: reached };
  // FETCH * names the last message by its sequence number: one line, whatever the folder's size.
  const last = await client.fetchOne('*', { uid: true });
  // A last UID of 2^32 - 1 leaves no UIDNEXT to stand in (nor any UID for new mail): the folder's numbers
  // are then reported as impossible, visibly, rather than its last message left out.
  if (last === false || last.uid >= MAX_UID) return mailbox;
  return { ...mailbox, uidNext: Math.max(last.uid + 1, reached) };
}
