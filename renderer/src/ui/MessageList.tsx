import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { tagLabel, tagsOf } from '../../../shared/domain/flags';
import type { MailCache } from '../cache/db';
import { FLAGGED } from '../cache/mail-actions';
import { messageCount, messagePage } from '../cache/queries';
import { MESSAGE_DRAG_TYPE } from './drag-data';
import { formatListDate, senderName } from './format';
import type { MessageCommand } from './MessageToolbar';

interface Props {
  db: MailCache;
  accountId: string;
  path: string;
  folderKey: string;
  selectedUids: readonly number[];
  openUid: number | null;
  /** A plain click or Enter: this message alone is selected and opened. */
  onOpen: (uid: number) => void;
  /** Ctrl/Cmd-click or Shift-click: the selection grows or shrinks; nothing opens. */
  onSelectionChange: (uids: number[]) => void;
  onCommand: (command: MessageCommand) => void;
}

const ROW_HEIGHT = 74;
const OVERSCAN = 10;

/** Keys people bring from other clients (Gmail, Thunderbird), each also a toolbar button. */
const commandKeys: Record<string, MessageCommand> = { u: 'toggleRead', s: 'toggleStar', e: 'archive', Delete: 'delete', '#': 'delete' };

/** Virtualized: the DOM and the cache query hold only the rows in view, whatever the folder's size. */
export function MessageList({ db, accountId, path, folderKey, selectedUids, openUid, onOpen, onSelectionChange, onCommand }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef<number | null>(null);
  const count = useLiveQuery(() => messageCount(db, folderKey), [db, folderKey]) ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const rows = useLiveQuery(() => messagePage(db, folderKey, first, last - first + 1), [db, folderKey, first, last]) ?? [];
  const selected = new Set(selectedUids);

  const choose = async (event: MouseEvent, uid: number, index: number): Promise<void> => {
    if (event.shiftKey && anchor.current !== null) {
      const from = Math.min(anchor.current, index);
      const span = await messagePage(db, folderKey, from, Math.abs(index - anchor.current) + 1);
      onSelectionChange(span.map((row) => row.uid));
      return;
    }
    anchor.current = index;
    if (event.ctrlKey || event.metaKey) {
      onSelectionChange(selected.has(uid) ? selectedUids.filter((candidate) => candidate !== uid) : [...selectedUids, uid]);
      return;
    }
    onOpen(uid);
  };

  const onKeyDown = (event: KeyboardEvent, uid: number, index: number): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Enter') {
      anchor.current = index;
      onOpen(uid);
      return;
    }
    const command = commandKeys[event.key];
    if (command === undefined) return;
    event.preventDefault();
    // A key acts on the selection, or on the focused message when nothing is selected.
    if (selectedUids.length === 0) onSelectionChange([uid]);
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
          const unread = message.unread === 1;
          const starred = message.flags.includes(FLAGGED);
          return (
            <div
              key={message.uid}
              role="option"
              aria-selected={selected.has(message.uid) || message.uid === openUid}
              tabIndex={0}
              draggable
              className={`message-row${unread ? ' unread' : ''}${message.uid < 0 ? ' pending' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              onClick={(event) => {
                void choose(event, message.uid, item.index);
              }}
              onKeyDown={(event) => {
                onKeyDown(event, message.uid, item.index);
              }}
              onDragStart={(event) => {
                const uids = selected.has(message.uid) ? selectedUids : [message.uid];
                event.dataTransfer.setData(MESSAGE_DRAG_TYPE, JSON.stringify({ accountId, path, uids }));
                event.dataTransfer.effectAllowed = 'copyMove';
              }}
            >
              <span className="from">{senderName(message.from)}</span>
              <span className="date">{formatListDate(message.date)}</span>
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
