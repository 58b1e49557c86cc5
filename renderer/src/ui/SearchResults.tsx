import type { CachedMessage } from '../cache/db';
import { accountColor } from './account-colors';
import { formatListDate, senderName } from './format';
import { highlight } from './highlight';
import type { MessageKey } from './message-key';
import { resultKey, type SearchState } from './use-search';

interface Props {
  search: SearchState;
  open: MessageKey | null;
  several: boolean;
  onOpen: (key: MessageKey) => void;
}

function summary(search: SearchState): string {
  const count = search.results?.length ?? 0;
  const results = `${count} result${count === 1 ? '' : 's'}`;
  if (search.phase === 'server') return `${results} in cached mail · searching the server…`;
  if (search.serverProblem !== null) return `${results} in cached mail. The server was not searched: ${search.serverProblem}`;
  return search.fromServer.size === 0 ? results : `${results} (${search.fromServer.size} from the server)`;
}

/** Search results, newest first, the searched words marked; those only the server found say so. */
export function SearchResults({ search, open, several, onOpen }: Props) {
  const rows: CachedMessage[] = search.results ?? [];
  return (
    <section className="search-results" aria-label="Search results">
      {search.hint !== null ? (
        <p className="form-error" role="alert">
          {search.hint}
        </p>
      ) : (
        <p className="search-summary" role="status">
          {summary(search)}
        </p>
      )}
      <ul className="message-list" aria-label="Messages found">
        {rows.map((row) => {
          const key = { accountId: row.accountId, path: row.path, uid: row.uid };
          const isOpen = open !== null && open.accountId === key.accountId && open.path === key.path && open.uid === key.uid;
          return (
            <li key={resultKey(row)}>
              <button
                type="button"
                className={`message-row result${row.unread === 1 ? ' unread' : ''}`}
                aria-current={isOpen ? 'true' : undefined}
                onClick={() => {
                  onOpen(key);
                }}
              >
                {several && <span className="account-stripe" style={{ background: accountColor(row.accountId) }} aria-hidden="true" />}
                <span className="from">{highlight(senderName(row.from), search.terms)}</span>
                <span className="date">{formatListDate(row.date)}</span>
                <span className="subject">
                  {highlight(row.subject || '(no subject)', search.terms)}
                  {search.fromServer.has(resultKey(row)) && <span className="from-server"> · from the server</span>}
                </span>
                <span className="preview">
                  {row.path} {row.preview !== null && row.preview !== '' && <>· {highlight(row.preview, search.terms)}</>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
