import type { ImapFlow, ListResponse, StatusObject } from 'imapflow';
import type { FolderSyncState } from '../../shared/cache/delta';
import { compareFolders, type FolderRecord, type FolderRole } from '../../shared/domain/folder';

const roleBySpecialUse: Readonly<Record<string, FolderRole>> = {
  '\\Inbox': 'inbox',
  '\\Sent': 'sent',
  '\\Drafts': 'drafts',
  '\\Trash': 'trash',
  '\\Junk': 'junk',
  '\\Archive': 'archive',
  '\\All': 'all',
  '\\Flagged': 'flagged',
};

/**
 * Maps one LIST entry to a folder. imapflow reports SPECIAL-USE flags, and for servers without the
 * extension it guesses from well-known (localized) names, which is the fallback we want.
 */
export function toFolderRecord(accountId: string, entry: ListResponse, offlineFolders: readonly string[] = []): FolderRecord {
  const flags = [...entry.flags].map((flag) => flag.toLowerCase());
  return {
    accountId,
    path: entry.path,
    name: entry.name,
    delimiter: entry.delimiter || null,
    parentPath: entry.parentPath === '' ? null : entry.parentPath,
    role: entry.specialUse === undefined ? null : (roleBySpecialUse[entry.specialUse] ?? null),
    // imapflow leaves the field out for a folder that is not subscribed.
    subscribed: (entry.subscribed as boolean | undefined) === true,
    selectable: !flags.includes('\\noselect') && !flags.includes('\\nonexistent'),
    keepOffline: offlineFolders.includes(entry.path),
  };
}

export interface ListedFolder {
  folder: FolderRecord;
  /** STATUS as LIST-STATUS (or one STATUS per folder) reported it; absent for \Noselect folders. */
  status: StatusObject | undefined;
}

/** The folder tree with each folder's STATUS, special-use folders first (the order they are synced in). */
export async function listFolders(client: ImapFlow, accountId: string, offlineFolders: readonly string[] = []): Promise<ListedFolder[]> {
  const entries = await client.list({ statusQuery: { messages: true, uidNext: true, uidValidity: true, highestModseq: true } });
  return entries
    .map((entry) => ({ folder: toFolderRecord(accountId, entry, offlineFolders), status: entry.status }))
    .sort((a, b) => compareFolders(a.folder, b.folder));
}

/**
 * True when STATUS shows nothing could have changed since the cached state: same UIDVALIDITY, UIDNEXT,
 * message count and HIGHESTMODSEQ, and history complete. Without a modseq, flags may have changed
 * unseen, so the folder is never skipped.
 */
export function isUnchanged(status: StatusObject | undefined, state: FolderSyncState | null): boolean {
  if (status === undefined || state === null || state.highestModseq === null || status.highestModseq === undefined) return false;
  return countsUnchanged(status, state) && status.highestModseq.toString() === state.highestModseq;
}

/**
 * True when STATUS shows no mail came or went since the cached state: same UIDVALIDITY, UIDNEXT and message
 * count, and history complete. Flags may still have changed.
 */
export function countsUnchanged(status: StatusObject | undefined, state: FolderSyncState | null): boolean {
  if (status === undefined || state === null) return false;
  return (
    state.completeDownTo === 1 &&
    Number(status.uidValidity) === state.uidValidity &&
    status.uidNext === state.uidNext &&
    status.messages === state.messageCount
  );
}
