import type { ImapFlow, MailboxLockObject, MailboxObject, MessageStructureObject } from 'imapflow';
import type { FolderRef } from '../../shared/cache/delta';
import { AppFailure } from '../../shared/ipc/result';

/** imapflow marks the error of a SELECT it found (with LIST) to name a folder that no longer exists. */
export function isMissingMailbox(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'mailboxMissing' in error && error.mailboxMissing === true;
}

export interface FreshMailbox {
  lock: MailboxLockObject;
  mailbox: MailboxObject;
}

/**
 * Locks a folder with a freshly selected view. imapflow skips SELECT when the folder is already open, and
 * UIDNEXT is only reported by SELECT, so a folder left open since the last sync would hide new mail.
 * EXAMINE (read-only) so that opening never changes \Recent or flags as a side effect.
 */
export async function lockFreshMailbox(client: ImapFlow, path: string, description: string): Promise<FreshMailbox> {
  const wasOpen = client.mailbox !== false && client.mailbox.path === path;
  const lock = await client.getMailboxLock(path, { readOnly: true, description });
  try {
    const mailbox = wasOpen ? await client.mailboxOpen(path, { readOnly: true }) : client.mailbox;
    if (mailbox === false) throw new Error(`Mailbox ${path} did not open`);
    return { lock, mailbox };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Leaves the selected folder, so that STATUS answers from the server rather than from this session's
 * view of it (Dovecot reports the selected folder as the session last saw it, even after the folder was
 * deleted and re-created). The sync connection only ever EXAMINEs: CLOSE on a read-only folder removes
 * nothing, whereas on a read-write one it would expunge \Deleted mail.
 */
export async function leaveReadOnlyMailbox(client: ImapFlow): Promise<void> {
  if (client.mailbox !== false && client.mailbox.readOnly === true) await client.mailboxClose();
}

/**
 * Runs work on a folder, locked and read-only, once it is sure the folder still has the UIDVALIDITY the
 * cache knows: otherwise the UIDs the work names may belong to other messages now.
 */
export async function withMessageFolder<T>(
  client: ImapFlow,
  ref: FolderRef & { uidValidity: number },
  description: string,
  work: () => Promise<T>,
): Promise<T> {
  const lock = await client.getMailboxLock(ref.path, { readOnly: true, description });
  try {
    const mailbox = client.mailbox;
    if (mailbox === false || Number(mailbox.uidValidity) !== ref.uidValidity) {
      throw new AppFailure({ code: 'NOT_FOUND', message: 'This folder changed on the server. Open the message again once it has synced.' });
    }
    return await work();
  } finally {
    lock.release();
  }
}

/** The message's BODYSTRUCTURE, fresh from the server; a message gone from it is NOT_FOUND. */
export async function fetchStructure(client: ImapFlow, uid: number): Promise<MessageStructureObject> {
  const structured = await client.fetchOne(String(uid), { uid: true, bodyStructure: true }, { uid: true });
  if (structured === false) throw new AppFailure({ code: 'NOT_FOUND', message: 'This message was deleted on the server.' });
  // imapflow leaves out a structure it cannot parse (a hundred levels of nested parts, say): the message is there.
  if (structured.bodyStructure === undefined) {
    throw new AppFailure({
      code: 'SERVER_ERROR',
      message:
        'This message is built in a way Kestrel cannot read (its parts are nested too deeply or are broken). Its attachments and text cannot be shown.',
    });
  }
  return structured.bodyStructure;
}
