import type { DovecotInfo, TestUser } from '../support/dovecot';
import { imapClientFor } from '../support/dovecot';

export interface FolderShape {
  path: string;
  parentPath: string | null;
  selectable: boolean;
  subscribed: boolean;
}

export interface MessageShape {
  uid: number;
  /** Sorted, without \Recent (it belongs to a session, not to the message). */
  flags: string[];
  messageId: string | null;
}

/** One account as some side holds it: the folder tree, and each selectable folder's messages by UID. */
export interface MailState {
  folders: Map<string, FolderShape>;
  messages: Map<string, MessageShape[]>;
}

export interface ServerState extends MailState {
  /** Folders listed as selectable that the server would not open (taken as empty). */
  unopenable: string[];
}

function isRefusal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'responseStatus' in error && error.responseStatus === 'NO';
}

export function normalFlags(flags: Iterable<string>): string[] {
  return [...flags].filter((flag) => flag !== '\\Recent').sort();
}

/** What the server holds, read by a client of its own (never the engine's connections). */
export async function serverState(info: DovecotInfo, user: TestUser): Promise<ServerState> {
  const client = await imapClientFor(info, user);
  try {
    const folders = new Map<string, FolderShape>();
    for (const entry of await client.list()) {
      const flags = [...entry.flags].map((flag) => flag.toLowerCase());
      // imapflow leaves `subscribed` undefined for an unsubscribed folder, though its type says boolean.
      const subscribed: unknown = entry.subscribed;
      const delimiter = entry.delimiter || null;
      const at = delimiter === null ? -1 : entry.path.lastIndexOf(delimiter);
      folders.set(entry.path, {
        path: entry.path,
        parentPath: at <= 0 ? null : entry.path.slice(0, at),
        selectable: !flags.includes('\\noselect') && !flags.includes('\\nonexistent'),
        subscribed: subscribed === true,
      });
    }
    const messages = new Map<string, MessageShape[]>();
    const unopenable: string[] = [];
    for (const folder of folders.values()) {
      if (!folder.selectable) continue;
      let mailbox;
      try {
        mailbox = await client.mailboxOpen(folder.path, { readOnly: true });
      } catch (error) {
        // Dovecot lists a deleted folder that still has subfolders without \Noselect, and refuses to open it.
        if (!isRefusal(error)) throw error;
        unopenable.push(folder.path);
        messages.set(folder.path, []);
        continue;
      }
      const found: MessageShape[] = [];
      if (mailbox.exists > 0) {
        for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
          found.push({ uid: message.uid, flags: normalFlags(message.flags ?? []), messageId: message.envelope?.messageId ?? null });
        }
      }
      messages.set(folder.path, found);
    }
    return { folders, messages, unopenable };
  } finally {
    await client.logout();
  }
}
