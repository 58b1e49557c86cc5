import type { ImapFlow, MailboxObject } from 'imapflow';
import { isMissingMailbox } from '../imap/mailbox';
import { imapRefusalOf } from '../imap/message-commands';
import { refused } from './refusals';

/**
 * Runs work on a folder selected read-write, once it is sure the folder still has the UIDVALIDITY the
 * queued change was made under (RFC 4549 section 3: under another, its UIDs name other messages).
 * The replay selects it read-only again when it ends (backToReadOnly): the sync connection only ever
 * leaves a folder with CLOSE, which on a read-write folder would expunge every \Deleted message.
 */
export async function withWritableFolder<T>(
  client: ImapFlow,
  path: string,
  uidValidity: number,
  work: (mailbox: MailboxObject) => Promise<T>,
): Promise<T> {
  let lock;
  try {
    lock = await client.getMailboxLock(path, { readOnly: false, description: 'queued change' });
  } catch (error) {
    if (isMissingMailbox(error)) throw refused(`The folder ${path} no longer exists on the server. The change was undone.`);
    // A plain NO to SELECT: the folder is listed but cannot be opened (Dovecot, for a deleted folder that
    // still has subfolders). Waiting will not change that.
    const refusal = imapRefusalOf(error);
    if (refusal !== null)
      throw refused(`The folder ${path} cannot be opened on the server (“${refusal.text.slice(0, 120)}”). The change was undone.`);
    throw error;
  }
  try {
    const mailbox = client.mailbox;
    if (mailbox === false) throw new Error(`Mailbox ${path} did not open`);
    if (Number(mailbox.uidValidity) !== uidValidity) {
      throw refused(`The folder ${path} was reset on the server, so the messages this change named are no longer there. The change was undone.`);
    }
    return await work(mailbox);
  } finally {
    lock.release();
  }
}

/**
 * Selects the open folder read-only again once a replay is over (the replay keeps it read-write from one
 * change to the next, which saves two SELECTs a change).
 */
export async function backToReadOnly(client: ImapFlow): Promise<void> {
  if (!client.usable || client.mailbox === false || client.mailbox.readOnly === true) return;
  try {
    const readOnly = await client.getMailboxLock(client.mailbox.path, { readOnly: true, description: 'back to read-only' });
    readOnly.release();
  } catch {
    // The folder went away meanwhile. Selecting another folder later leaves this one without expunging
    // (only CLOSE expunges, and the engine closes read-only folders alone), so nothing is at risk.
  }
}

/** Which of these UIDs the selected folder still holds. */
export async function presentUids(client: ImapFlow, uidSets: readonly string[]): Promise<Set<number>> {
  const present = new Set<number>();
  for (const uidSet of uidSets) {
    const found = await client.search({ uid: uidSet }, { uid: true });
    if (!Array.isArray(found)) throw new Error('UID SEARCH was refused by the server');
    for (const uid of found) present.add(uid);
  }
  return present;
}
