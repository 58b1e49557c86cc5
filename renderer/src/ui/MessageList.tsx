import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { tagLabel, tagsOf } from '../../../shared/domain/flags';
import { folderKey } from '../../../shared/domain/folder';
import type { CachedMessage, MailCache } from '../cache/db';
import { FLAGGED } from '../cache/mail-actions';
import { messageCount, messagePage, unifiedInboxCounts, unifiedInboxPage, type ListSort } from '../cache/queries';
import { accountColor } from './account-colors';
import { keyId, sameKey, sourceId, type ListSource, type MessageKey } from './message-key';
import { MESSAGE_DRAG_TYPE } from './drag-data';
import { formatListDate, senderName } from './format';
import { hasAttachments, MarkIcon } from './MarkIcon';
import type { MessageCommand } from './MessageToolbar';

interface Props {
  db: MailCache;
  source: ListSource;
  sort: ListSort;
  selected: readonly MessageKey[];
  open: MessageKey | null;
  /** A plain click or Enter: this message alone is selected and opened. */
  onOpen: (key: MessageKey) => void;
  /** Ctrl/Cmd-click or Shift-click: the selection grows or shrinks; nothing opens. */
  onSelectionChange: (keys: MessageKey[]) => void;
  /** Right-click, Shift+F10 or the menu key on a row: the actions, where the pointer (or row) is. */
  onContextMenu: (key: MessageKey, x: number, y: number) => void;
  onCommand: (command: MessageCommand) => void;
}

function countOf(db: MailCache, source: ListSource): Promise<number> {
  return source.kind === 'folder'
    ? messageCount(db, folderKey(source.accountId, source.path))
    : unifiedInboxCounts(db, source.accountIds).then((counts) => counts.messages);
}

function pageOf(db: MailCache, source: ListSource, sort: ListSort, offset: number, limit: number): Promise<CachedMessage[]> {
  return source.kind === 'folder'
    ? messagePage(db, folderKey(source.accountId, source.path), offset, limit, sort)
    : unifiedInboxPage(db, offset, limit, sort);
}

const keyOf = (row: CachedMessage): MessageKey => ({ accountId: row.accountId, path: row.path, uid: row.uid });

const ROW_HEIGHT = 74;
const OVERSCAN = 10;

/** Keys people bring from other clients (Gmail, Thunderbird), each also a toolbar button. */
const commandKeys: Record<string, MessageCommand> = {
  u: 'toggleRead',
  s: 'toggleStar',
  e: 'archive',
  Delete: 'delete',
  '#': 'delete',
  v: 'pickFolder',
};
/** Keys that move through the list; the message reached opens, as the reading pane follows. */
const stepKeys: Record<string, number> = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };

/** Virtualized: the DOM and the cache query hold only the rows in view, whatever the folder's size. */
export function MessageList({ db, source, sort, selected, open, onOpen, onSelectionChange, onContextMenu, onCommand }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef<number | null>(null);
  const id = sourceId(source);
  // The source object changes identity on every render; its id says when it really changed.
  const current = useRef(source);
  current.current = source;
  const count = useLiveQuery(() => countOf(db, current.current), [db, id, source.kind === 'unified' ? source.accountIds.join() : '']) ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const rows = useLiveQuery(() => pageOf(db, current.current, sort, first, last - first + 1), [db, id, sort, first, last, count]) ?? [];
  const selectedIds = new Set(selected.map(keyId));

  const choose = async (event: MouseEvent, key: MessageKey, index: number): Promise<void> => {
    if (event.shiftKey && anchor.current !== null) {
      const from = Math.min(anchor.current, index);
      const span = await pageOf(db, source, sort, from, Math.abs(index - anchor.current) + 1);
      onSelectionChange(span.map(keyOf));
      return;
    }
    anchor.current = index;
    if (event.ctrlKey || event.metaKey) {
      onSelectionChange(selectedIds.has(keyId(key)) ? selected.filter((candidate) => keyId(candidate) !== keyId(key)) : [...selected, key]);
      return;
    }
    onOpen(key);
  };

  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  useEffect(() => {
    if (focusIndex === null) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`);
    if (row !== null && row !== undefined && document.activeElement !== row) row.focus();
  });

  const step = async (index: number, by: number): Promise<void> => {
    const next = index + by;
    if (next < 0 || next >= count) return;
    virtualizer.scrollToIndex(next);
    setFocusIndex(next);
    const [row] = await pageOf(db, source, sort, next, 1);
    if (row !== undefined) {
      anchor.current = next;
      onOpen(keyOf(row));
    }
  };

  const onKeyDown = (event: KeyboardEvent, key: MessageKey, index: number): void => {
    if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
      event.preventDefault();
      const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
      onContextMenu(key, box.left + 24, box.top + box.height / 2);
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const by = stepKeys[event.key];
    if (by !== undefined) {
      event.preventDefault();
      void step(index, by);
      return;
    }
    if (event.key === 'Enter') {
      anchor.current = index;
      onOpen(key);
      return;
    }
    const command = commandKeys[event.key];
    if (command === undefined) return;
    event.preventDefault();
    // A key acts on the selection, or on the focused message when nothing is selected.
    if (selected.length === 0) onSelectionChange([key]);
    onCommand(command);
  };

  if (count === 0) {
    return (
      <section className="message-list empty" aria-label="Messages">
        <p>No messages here yet.</p>
      </section>
    );
  }
  return (
    <div className="message-list" ref={scroller} role="listbox" aria-label="Messages" aria-multiselectable="true">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const message = rows[item.index - first];
          if (message === undefined) return null;
          const key = keyOf(message);
          const isSelected = selectedIds.has(keyId(key)) || sameKey(key, open);
          const unread = message.unread === 1;
          const starred = message.flags.includes(FLAGGED);
          return (
            <div
              key={keyId(key)}
              data-index={item.index}
              role="option"
              aria-selected={isSelected}
              tabIndex={0}
              draggable
              className={`message-row${unread ? ' unread' : ''}${message.uid < 0 ? ' pending' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              onClick={(event) => {
                void choose(event, key, item.index);
              }}
              onKeyDown={(event) => {
                onKeyDown(event, key, item.index);
              }}
              onContextMenu={(event) => {
                event.preventDefault();
                onContextMenu(key, event.clientX, event.clientY);
              }}
              onDragStart={(event) => {
                const keys = selectedIds.has(keyId(key)) ? selected : [key];
                event.dataTransfer.setData(MESSAGE_DRAG_TYPE, JSON.stringify(keys));
                event.dataTransfer.effectAllowed = 'copyMove';
              }}
            >
              {source.kind === 'unified' && (
                <span className="account-stripe" style={{ background: accountColor(message.accountId) }} aria-hidden="true" />
              )}
              <span className="from">{senderName(message.from)}</span>
              <span className="date">
                {message.flags.includes('\\Answered') && <MarkIcon kind="answered" />}
                {hasAttachments(message) && <MarkIcon kind="attachment" />}
                {formatListDate(message.date)}
              </span>
              <span className="subject">
                {unread && <span className="visually-hidden">Unread. </span>}
                {starred && (
                  <span className="star" aria-label="Starred. ">
                    ★{' '}
                  </span>
                )}
                {message.subject || '(no subject)'}
                {tagsOf(message.flags).length > 0 && (
                  <span className="tags inline" aria-label="Tags">
                    {tagsOf(message.flags).map((tag) => (
                      <span key={tag} className="tag">
                        {tagLabel(tag)}
                      </span>
                    ))}
                  </span>
                )}
              </span>
              {message.preview !== null && message.preview !== '' && <span className="preview">{message.preview}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
