import { useLiveQuery } from 'dexie-react-hooks';
import { folderKey } from '../../../shared/domain/folder';
import type { MailCache } from '../cache/db';
import { FLAGGED, SEEN } from '../cache/mail-actions';
import { foldersOf } from '../cache/queries';
import { folderDisplayName } from './folder-names';

export type MessageCommand = 'toggleRead' | 'toggleStar' | 'archive' | 'delete' | 'tag' | { moveTo: string } | { untag: string };

interface Props {
  db: MailCache;
  accountId: string;
  path: string;
  selectedUids: readonly number[];
  onCommand: (command: MessageCommand) => void;
}

/** What can be done to the selected messages; every command also has a key (see MessageList). */
export function MessageToolbar({ db, accountId, path, selectedUids, onCommand }: Props) {
  const key = folderKey(accountId, path);
  const selected = useLiveQuery(
    async () =>
      (await db.messages.bulkGet(selectedUids.map((uid): [string, number] => [key, uid]))).flatMap((row) => (row === undefined ? [] : [row])),
    [db, key, selectedUids],
  );
  const folders = useLiveQuery(() => foldersOf(db, accountId), [db, accountId]) ?? [];
  const rows = selected ?? [];
  const none = rows.length === 0;
  const anyUnread = rows.some((row) => !row.flags.includes(SEEN));
  const allStarred = !none && rows.every((row) => row.flags.includes(FLAGGED));
  return (
    <div className="message-toolbar" role="toolbar" aria-label="Message actions">
      <button
        type="button"
        disabled={none}
        onClick={() => {
          onCommand('toggleRead');
        }}
        title="u"
      >
        {anyUnread || none ? 'Mark as read' : 'Mark as unread'}
      </button>
      <button
        type="button"
        disabled={none}
        aria-pressed={allStarred}
        onClick={() => {
          onCommand('toggleStar');
        }}
        title="s"
      >
        {allStarred ? 'Unstar' : 'Star'}
      </button>
      <button
        type="button"
        disabled={none}
        onClick={() => {
          onCommand('archive');
        }}
        title="e"
      >
        Archive
      </button>
      <button
        type="button"
        disabled={none}
        onClick={() => {
          onCommand('delete');
        }}
        title="Delete"
      >
        Delete
      </button>
      <button
        type="button"
        disabled={none}
        onClick={() => {
          onCommand('tag');
        }}
      >
        Tag…
      </button>
      <label className="move-to">
        <span className="visually-hidden">Move to folder</span>
        <select
          disabled={none}
          value=""
          onChange={(event) => {
            if (event.target.value !== '') onCommand({ moveTo: event.target.value });
          }}
        >
          <option value="">Move to…</option>
          {folders
            .filter((folder) => folder.selectable && folder.path !== path)
            .map((folder) => (
              <option key={folder.path} value={folder.path}>
                {'  '.repeat(folder.depth)}
                {folderDisplayName(folder)}
              </option>
            ))}
        </select>
      </label>
    </div>
  );
}
