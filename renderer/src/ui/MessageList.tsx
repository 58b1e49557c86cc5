import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef } from 'react';
import type { MailCache } from '../cache/db';
import { messageCount, messagePage } from '../cache/queries';
import { formatListDate, senderName } from './format';

interface Props {
  db: MailCache;
  folderKey: string;
  selectedUid: number | null;
  onOpen: (uid: number) => void;
}

const ROW_HEIGHT = 74;
const OVERSCAN = 10;

/** Virtualized: the DOM and the cache query hold only the rows in view, whatever the folder's size. */
export function MessageList({ db, folderKey, selectedUid, onOpen }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = useLiveQuery(() => messageCount(db, folderKey), [db, folderKey]) ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const rows = useLiveQuery(() => messagePage(db, folderKey, first, last - first + 1), [db, folderKey, first, last]) ?? [];

  if (count === 0) {
    return (
      <section className="message-list empty" aria-label="Messages">
        <p>No messages here yet.</p>
      </section>
    );
  }
  return (
    <div className="message-list" ref={scroller} role="listbox" aria-label="Messages">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const message = rows[item.index - first];
          if (message === undefined) return null;
          const unread = message.unread === 1;
          return (
            <div
              key={message.uid}
              role="option"
              aria-selected={message.uid === selectedUid}
              tabIndex={0}
              className={`message-row${unread ? ' unread' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              onClick={() => {
                onOpen(message.uid);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter') onOpen(message.uid);
              }}
            >
              <span className="from">{senderName(message.from)}</span>
              <span className="date">{formatListDate(message.date)}</span>
              <span className="subject">
                {unread && <span className="visually-hidden">Unread. </span>}
                {message.subject || '(no subject)'}
              </span>
              {message.preview !== null && message.preview !== '' && <span className="preview">{message.preview}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
