import type { FolderRecord } from '../../../shared/domain/folder';

/** RFC 3501 names the inbox INBOX in any case; people call it Inbox. */
export function folderDisplayName(folder: FolderRecord): string {
  return folder.role === 'inbox' || folder.path.toUpperCase() === 'INBOX' ? 'Inbox' : folder.name;
}
