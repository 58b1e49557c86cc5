import { useLiveQuery } from 'dexie-react-hooks';
import type { FolderRecord } from '../../../shared/domain/folder';
import type { MailCache } from '../cache/db';
import { foldersOf } from '../cache/queries';

/** RFC 3501 names the inbox INBOX in any case; people call it Inbox. */
function folderDisplayName(folder: FolderRecord): string {
  return folder.role === 'inbox' || folder.path.toUpperCase() === 'INBOX' ? 'Inbox' : folder.name;
}

interface Props {
  db: MailCache;
  accountId: string;
  accountLabel: string;
  selectedPath: string;
  onSelect: (path: string) => void;
  onKeepOffline: (path: string, keepOffline: boolean) => void;
}

export function FolderList({ db, accountId, accountLabel, selectedPath, onSelect, onKeepOffline }: Props) {
  const folders = useLiveQuery(() => foldersOf(db, accountId), [db, accountId]);
  return (
    <nav className="folders" aria-label="Folders">
      <h2 className="account-name">{accountLabel}</h2>
      <ul>
        {(folders ?? []).map((folder) => {
          const name = folderDisplayName(folder);
          return (
            <li key={folder.path} style={{ paddingInlineStart: `${folder.depth * 12}px` }}>
              <button
                type="button"
                className="folder"
                aria-current={folder.path === selectedPath ? 'page' : undefined}
                disabled={!folder.selectable}
                aria-label={folder.unread > 0 ? `${name}, ${folder.unread} unread` : name}
                onClick={() => {
                  onSelect(folder.path);
                }}
              >
                <span className="folder-name">{name}</span>
                {folder.unread > 0 && <span className="unread-count">{folder.unread}</span>}
              </button>
              {folder.selectable && (
                <button
                  type="button"
                  className="keep-offline"
                  aria-pressed={folder.keepOffline}
                  aria-label={`Keep ${name} available offline`}
                  title={folder.keepOffline ? 'Kept available offline' : 'Keep available offline'}
                  onClick={() => {
                    onKeepOffline(folder.path, !folder.keepOffline);
                  }}
                >
                  {folder.keepOffline ? '●' : '○'}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
