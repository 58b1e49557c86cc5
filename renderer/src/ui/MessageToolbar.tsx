import { useLiveQuery } from 'dexie-react-hooks';
import { folderKey } from '../../../shared/domain/folder';
import type { MailCache } from '../cache/db';
import { FLAGGED, SEEN } from '../cache/mail-actions';
import { foldersOf } from '../cache/queries';
import { folderDisplayName } from './folder-names';
import type { MessageKey } from './message-key';

export type MessageCommand =
  'toggleRead' | 'toggleStar' | 'archive' | 'delete' | 'tag' | 'pickFolder' | { moveTo: { accountId: string; path: string } } | { untag: string };

interface Props {
  db: MailCache;
  /** The account whose folders "Move to" offers. */
  accountId: string;
  selected: readonly MessageKey[];
  onCommand: (command: MessageCommand) => void;
}

/** What can be done to the selected messages; every command also has a key (see MessageList). */
export function MessageToolbar({ db, accountId, selected, onCommand }: Props) {
  const rows =
    useLiveQuery(
      async () =>
        (await db.messages.bulkGet(selected.map((key): [string, number] => [folderKey(key.accountId, key.path), key.uid]))).flatMap((row) =>
          row === undefined ? [] : [row],
        ),
      [db, selected],
    ) ?? [];
  const folders = useLiveQuery(() => foldersOf(db, accountId), [db, accountId]) ?? [];
  // The folder the selection is in is no place to move it to.
  const only =
    selected.length > 0 && selected.every((key) => key.accountId === accountId) ? new Set(selected.map((key) => key.path)) : new Set<string>();
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
            if (event.target.value !== '') onCommand({ moveTo: { accountId, path: event.target.value } });
          }}
        >
          <option value="">Move to…</option>
          {folders
            .filter((folder) => folder.selectable && !(only.size === 1 && only.has(folder.path)))
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
