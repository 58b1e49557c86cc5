import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { tagLabel, tagsOf } from '../../../shared/domain/flags';
import { folderKey } from '../../../shared/domain/folder';
import type { KestrelApi } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/ipc/result';
import type { MailCache } from '../cache/db';
import { bodyOf, messageByUid } from '../cache/queries';
import { CacheWriter } from '../cache/writer';
import { Attachments } from './Attachments';
import { formatAddress, formatFullDate } from './format';
import { highlight } from './highlight';
import { MessageBody } from './MessageBody';

interface Props {
  api: KestrelApi;
  db: MailCache;
  accountId: string;
  path: string;
  uid: number;
  onRemoveTag: (tag: string) => void;
  /** Words a search is looking for, marked in the plain text. */
  highlightTerms: readonly string[];
  /** Attachments can be opened with the system's app (Electron, not a browser tab). */
  canOpenFiles: boolean;
  /** In the one-column layout, the way back to the list. */
  onBack?: (() => void) | undefined;
}

/** Shows a cached body at once; fetches it from the server only the first time. */
export function Reader({ api, db, accountId, path, uid, onRemoveTag, onBack, canOpenFiles, highlightTerms }: Props) {
  const key = folderKey(accountId, path);
  // A live query answers for the message asked about only once its new query has run: until then it still
  // holds the last one's answer. Anything shown (and images allowed) must be this message's, so both
  // answers say whose they are.
  const loadedMessage = useLiveQuery(() => messageByUid(db, key, uid), [db, key, uid]);
  const message = loadedMessage?.folderKey === key && loadedMessage.uid === uid ? loadedMessage : undefined;
  // A message moved here but not yet on the server shows the body cached where it came from.
  const loadedBody = useLiveQuery(async () => {
    const origin = (await messageByUid(db, key, uid))?.pendingFrom;
    const found = await (origin === undefined ? bodyOf(db, key, uid) : bodyOf(db, folderKey(origin.accountId, origin.path), origin.uid));
    return { key, uid, body: found ?? null };
  }, [db, key, uid]);
  const body = loadedBody?.key === key && loadedBody.uid === uid ? loadedBody.body : undefined;
  const pendingMove = uid < 0;
  const uidValidity = useLiveQuery(async () => (await db.folderStates.get(key))?.uidValidity ?? null, [db, key]);
  // Remembered with the message it belongs to, so that opening another one never shows a stale error.
  const [failure, setFailure] = useState<{ key: string; uid: number; error: AppError } | null>(null);
  const error = failure !== null && failure.key === key && failure.uid === uid ? failure.error : null;
  // "Load images" holds for the message on screen only.
  const [remoteOnce, setRemoteOnce] = useState<{ key: string; uid: number } | null>(null);

  // A body the reader shows is the last the storage budget gives up.
  const shown = body !== null && body !== undefined;
  useEffect(() => {
    if (shown) void new CacheWriter(db).markRead({ accountId, path }, uid);
  }, [db, shown, accountId, path, uid]);

  useEffect(() => {
    if (body !== null || pendingMove || uidValidity === undefined || uidValidity === null) return;
    let cancelled = false;
    void api.invoke('messages.fetchBody', { accountId, path, uidValidity, uid }).then((result) => {
      if (!cancelled && !result.ok) setFailure({ key, uid, error: result.error });
    });
    return () => {
      cancelled = true;
    };
  }, [api, accountId, path, key, uid, uidValidity, body, pendingMove]);

  const sender = message?.from[0]?.address.toLowerCase() || null;
  const senderTrusted = useLiveQuery(async () => (sender === null ? false : (await db.remoteImageSenders.get(sender)) !== undefined), [db, sender]);
  const remoteAllowed = senderTrusted === true || (remoteOnce?.key === key && remoteOnce.uid === uid);

  if (message === undefined) return <section className="reader" aria-label="Message" />;
  return (
    <article className="reader" aria-label="Message">
      {onBack !== undefined && (
        <button type="button" className="back" onClick={onBack}>
          ← Back to messages
        </button>
      )}
      <header className="reader-header">
        <h2>{highlight(message.subject || '(no subject)', highlightTerms)}</h2>
        <dl>
          <dt>From</dt>
          <dd>{message.from.map(formatAddress).join(', ') || '(no sender)'}</dd>
          <dt>To</dt>
          <dd>{message.to.map(formatAddress).join(', ')}</dd>
          {message.cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>{message.cc.map(formatAddress).join(', ')}</dd>
            </>
          )}
          <dt>Date</dt>
          <dd>{formatFullDate(message.date)}</dd>
        </dl>
        {tagsOf(message.flags).length > 0 && (
          <ul className="tags" aria-label="Tags">
            {tagsOf(message.flags).map((tag) => (
              <li key={tag} className="tag">
                {tagLabel(tag)}{' '}
                <button
                  type="button"
                  aria-label={`Remove tag ${tagLabel(tag)}`}
                  onClick={() => {
                    onRemoveTag(tag);
                  }}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </header>
      {uidValidity !== undefined && uidValidity !== null && !pendingMove && (
        <Attachments api={api} message={{ accountId, path, uidValidity, uid }} structure={message.bodyStructure} canOpen={canOpenFiles} />
      )}
      {body !== null && body !== undefined ? (
        <MessageBody
          body={body}
          highlightTerms={highlightTerms}
          remoteImages={remoteAllowed}
          sender={sender}
          onLoadRemoteOnce={() => {
            setRemoteOnce({ key, uid });
          }}
          onAlwaysLoadRemote={() => {
            if (sender !== null) void db.remoteImageSenders.put({ address: sender, allowedAt: Date.now() });
          }}
          onShowImages={() => {
            if (uidValidity === undefined || uidValidity === null) return;
            void api.invoke('messages.fetchInlineImages', { accountId, path, uidValidity, uid }).then((result) => {
              if (!result.ok) setFailure({ key, uid, error: result.error });
            });
          }}
        />
      ) : pendingMove ? (
        <p className="hint" role="status">
          This message is being moved. It opens as soon as the server has it.
        </p>
      ) : error !== null ? (
        <p className="form-error" role="alert">
          {error.code === 'HOST_UNREACHABLE' || error.code === 'TIMEOUT' || error.code === 'OFFLINE'
            ? 'This message has not been downloaded yet, and the server cannot be reached. It will open when you are back online.'
            : error.message}
        </p>
      ) : (
        <p className="hint" role="status">
          Loading message…
        </p>
      )}
      {body !== null && body !== undefined && error !== null && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
    </article>
  );
}
