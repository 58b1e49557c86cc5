import type { ImapFlow, ListResponse } from 'imapflow';
import type { FolderRecord, FolderRole } from '../../shared/domain/folder';

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
export function toFolderRecord(accountId: string, entry: ListResponse): FolderRecord {
  const flags = [...entry.flags].map((flag) => flag.toLowerCase());
  return {
    accountId,
    path: entry.path,
    name: entry.name,
    delimiter: entry.delimiter || null,
    parentPath: entry.parentPath === '' ? null : entry.parentPath,
    role: entry.specialUse === undefined ? null : (roleBySpecialUse[entry.specialUse] ?? null),
    subscribed: entry.subscribed,
    selectable: !flags.includes('\\noselect') && !flags.includes('\\nonexistent'),
  };
}

export async function listFolders(client: ImapFlow, accountId: string): Promise<FolderRecord[]> {
  const entries = await client.list();
  return entries.map((entry) => toFolderRecord(accountId, entry));
}
