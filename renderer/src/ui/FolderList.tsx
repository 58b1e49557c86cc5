import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { MailCache } from '../cache/db';
import { foldersOf, type FolderWithCounts } from '../cache/queries';
import { MESSAGE_DRAG_TYPE, readDraggedMessages } from './drag-data';
import { accountColor } from './account-colors';
import { folderDisplayName } from './folder-names';
import { FolderIcon } from './FolderIcon';
import { UnreadCount } from './UnreadCount';
import type { MessageKey } from './message-key';

export type FolderCommand =
  | { kind: 'create'; parentPath: string | null }
  | { kind: 'rename'; folder: FolderWithCounts }
  | { kind: 'delete'; folder: FolderWithCounts }
  | { kind: 'subscribe'; folder: FolderWithCounts; subscribed: boolean }
  | { kind: 'markRead'; folder: FolderWithCounts };

interface Props {
  db: MailCache;
  accountId: string;
  accountLabel: string;
  /** The folder on screen, when it is one of this account's. */
  selectedPath: string | null;
  onSelect: (path: string) => void;
  onKeepOffline: (path: string, keepOffline: boolean) => void;
  /** Messages dropped on a folder (from any account): moved, or copied with Ctrl/Alt held. */
  onDropMessages: (messages: MessageKey[], toPath: string, copy: boolean) => void;
  onFolderCommand: (command: FolderCommand) => void;
  onRemoveAccount: () => void;
  onEditAccount: () => void;
}

/** Folders inside a collapsed folder are hidden, however deep. */
function hiddenBy(collapsed: ReadonlySet<string>, folder: FolderWithCounts): boolean {
  const delimiter = folder.delimiter;
  if (delimiter === null) return false;
  return [...collapsed].some((path) => folder.path.startsWith(path + delimiter));
}

function FolderMenu({ folder, onCommand, onClose }: { folder: FolderWithCounts; onCommand: (command: FolderCommand) => void; onClose: () => void }) {
  const special = folder.role !== null || folder.path.toUpperCase() === 'INBOX';
  const item = (label: string, command: FolderCommand, disabled = false) => (
    <li role="none">
      <button
        type="button"
        role="menuitem"
        disabled={disabled}
        onClick={() => {
          onClose();
          onCommand(command);
        }}
      >
        {label}
      </button>
    </li>
  );
  return (
    <ul
      className="folder-menu"
      role="menu"
      aria-label={`Actions for ${folderDisplayName(folder)}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      {item('Mark all as read', { kind: 'markRead', folder }, !folder.selectable || folder.unread === 0)}
      {item('New folder inside…', { kind: 'create', parentPath: folder.path }, folder.delimiter === null)}
      {item('Rename or move…', { kind: 'rename', folder }, special)}
      {item(
        folder.subscribed ? 'Unsubscribe' : 'Subscribe',
        { kind: 'subscribe', folder, subscribed: !folder.subscribed },
        folder.path.toUpperCase() === 'INBOX',
      )}
      {item('Delete…', { kind: 'delete', folder }, special)}
    </ul>
  );
}

export function FolderList({
  db,
  accountId,
  accountLabel,
  selectedPath,
  onSelect,
  onKeepOffline,
  onDropMessages,
  onFolderCommand,
  onRemoveAccount,
  onEditAccount,
}: Props) {
  const folders = useLiveQuery(() => foldersOf(db, accountId), [db, accountId]);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [accountCollapsed, setAccountCollapsed] = useState(false);
  const all = folders ?? [];
  const parents = new Set(all.flatMap((folder) => (folder.parentPath === null ? [] : [folder.parentPath])));
  return (
    <section className="account-folders" aria-label={accountLabel}>
      <div className="folders-header">
        <button
          type="button"
          className="account-name"
          aria-expanded={!accountCollapsed}
          onClick={() => {
            setAccountCollapsed(!accountCollapsed);
          }}
        >
          <span className="account-dot" style={{ background: accountColor(accountId) }} aria-hidden="true" />
          {accountLabel}
        </button>
        <button
          type="button"
          aria-label={`New folder in ${accountLabel}`}
          title="New folder"
          className="new-folder"
          onClick={() => {
            onFolderCommand({ kind: 'create', parentPath: null });
          }}
        >
          +
        </button>
        <button type="button" className="edit-account" aria-label={`Settings for ${accountLabel}`} title="Account settings" onClick={onEditAccount}>
          ⚙
        </button>
        <button
          type="button"
          className="remove-account"
          aria-label={`Remove account ${accountLabel}`}
          title="Remove account"
          onClick={onRemoveAccount}
        >
          ×
        </button>
      </div>
      {!accountCollapsed && (
        <ul>
          {all
            .filter((folder) => !hiddenBy(collapsed, folder))
            .map((folder) => {
              const name = folderDisplayName(folder);
              const isParent = parents.has(folder.path);
              return (
                <li
                  key={folder.path}
                  style={{ paddingInlineStart: `${folder.depth * 12}px` }}
                  className={dropTarget === folder.path ? 'drop-target' : undefined}
                  onDragOver={(event) => {
                    if (!folder.selectable || !event.dataTransfer.types.includes(MESSAGE_DRAG_TYPE)) return;
                    event.preventDefault();
                    event.dataTransfer.dropEffect = event.ctrlKey || event.altKey ? 'copy' : 'move';
                    setDropTarget(folder.path);
                  }}
                  onDragLeave={() => {
                    setDropTarget(null);
                  }}
                  onDrop={(event) => {
                    setDropTarget(null);
                    const messages = readDraggedMessages(event.dataTransfer.getData(MESSAGE_DRAG_TYPE)).filter(
                      (message) => message.accountId !== accountId || message.path !== folder.path,
                    );
                    if (messages.length === 0) return;
                    event.preventDefault();
                    onDropMessages(messages, folder.path, event.ctrlKey || event.altKey);
                  }}
                >
                  {isParent ? (
                    <button
                      type="button"
                      className="tree-toggle"
                      aria-expanded={!collapsed.has(folder.path)}
                      aria-label={`${collapsed.has(folder.path) ? 'Expand' : 'Collapse'} ${name}`}
                      onClick={() => {
                        const next = new Set(collapsed);
                        if (!next.delete(folder.path)) next.add(folder.path);
                        setCollapsed(next);
                      }}
                    >
                      {collapsed.has(folder.path) ? '▸' : '▾'}
                    </button>
                  ) : (
                    <span className="tree-toggle" aria-hidden="true" />
                  )}
                  <button
                    type="button"
                    className={`folder${folder.subscribed ? '' : ' unsubscribed'}`}
                    aria-current={folder.path === selectedPath ? 'page' : undefined}
                    disabled={!folder.selectable}
                    onClick={() => {
                      onSelect(folder.path);
                    }}
                  >
                    <FolderIcon role={folder.role} />
                    <span className="folder-name">{name}</span>
                    {folder.unread > 0 && <UnreadCount count={folder.unread} />}
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
                  <button
                    type="button"
                    className="folder-actions"
                    aria-haspopup="menu"
                    aria-expanded={menuFor === folder.path}
                    aria-label={`Actions for ${name}`}
                    onClick={() => {
                      setMenuFor(menuFor === folder.path ? null : folder.path);
                    }}
                  >
                    ⋯
                  </button>
                  {menuFor === folder.path && (
                    <FolderMenu
                      folder={folder}
                      onCommand={onFolderCommand}
                      onClose={() => {
                        setMenuFor(null);
                      }}
                    />
                  )}
                </li>
              );
            })}
        </ul>
      )}
    </section>
  );
}
