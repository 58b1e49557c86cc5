import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { MailCache } from '../cache/db';
import { foldersOf } from '../cache/queries';
import { ModalDialog } from './Dialog';
import { folderDisplayName } from './folder-names';

interface Props {
  db: MailCache;
  accountId: string;
  /** Folders the messages are in already: no place to move them to. */
  exclude: ReadonlySet<string>;
  onPick: (path: string) => void;
  onCancel: () => void;
}

/** "Move to folder" by typing part of its name: Enter takes the first match, or the one chosen. */
export function FolderPicker({ db, accountId, exclude, onPick, onCancel }: Props) {
  const [query, setQuery] = useState('');
  const folders = useLiveQuery(() => foldersOf(db, accountId), [db, accountId]) ?? [];
  const needle = query.trim().toLowerCase();
  const matches = folders.filter(
    (folder) =>
      folder.selectable &&
      !exclude.has(folder.path) &&
      (needle === '' || folder.path.toLowerCase().includes(needle) || folderDisplayName(folder).toLowerCase().includes(needle)),
  );
  return (
    <ModalDialog label="Move to folder" onCancel={onCancel}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const first = matches[0];
          if (first !== undefined) onPick(first.path);
        }}
      >
        <h2>Move to folder</h2>
        <label className="field">
          <span>Folder</span>
          <input
            autoFocus
            value={query}
            aria-controls="folder-picker-list"
            onChange={(event) => {
              setQuery(event.target.value);
            }}
          />
        </label>
        <ul id="folder-picker-list" className="picker-list" aria-label="Matching folders">
          {matches.map((folder) => (
            <li key={folder.path}>
              <button
                type="button"
                onClick={() => {
                  onPick(folder.path);
                }}
              >
                {folder.path === folderDisplayName(folder) ? folder.path : `${folderDisplayName(folder)} (${folder.path})`}
              </button>
            </li>
          ))}
          {matches.length === 0 && <li className="hint">No folder matches.</li>}
        </ul>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
