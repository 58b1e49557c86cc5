import type { ImapFlow, MailboxLockObject, MailboxObject } from 'imapflow';

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
