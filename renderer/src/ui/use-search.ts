import { useEffect, useState } from 'react';
import { listAttachments } from '../../../shared/domain/attachments';
import type { KestrelApi } from '../../../shared/ipc/contract';
import { isEmptyQuery, parseQuery, type SearchQuery } from '../../../shared/search/query';
import { wordsOf } from '../../../shared/search/tokenize';
import type { CachedAccount, CachedMessage, MailCache } from '../cache/db';
import { newestFirst, searchLocal, type SearchScope } from '../cache/search';

export interface SearchState {
  /** Null while the box is empty: the list shows the folder. */
  results: CachedMessage[] | null;
  /** Keys (folder key and UID) of the results only the server found. */
  fromServer: ReadonlySet<string>;
  phase: 'idle' | 'local' | 'server' | 'done';
  /** Why the server was not searched (offline, an error), when it was not. */
  serverProblem: string | null;
  hint: string | null;
  /** Normalized words to mark in what is shown. */
  terms: string[];
}

const idle: SearchState = { results: null, fromServer: new Set(), phase: 'idle', serverProblem: null, hint: null, terms: [] };
/** Typing pauses this long before the search runs. */
const DEBOUNCE_MS = 150;

export const resultKey = (row: Pick<CachedMessage, 'folderKey' | 'uid'>): string => `${row.folderKey}\u0000${row.uid}`;

function highlightTerms(query: SearchQuery): string[] {
  return [...query.words, ...query.phrases, ...query.from, ...query.to, ...query.subject].flatMap((term) => wordsOf(term));
}

/**
 * Answers at once from the cache, then completes the answer from the server, saying which is which.
 * Offline, the local answer stands, and the state says the server was not asked.
 */
export function useSearch(api: KestrelApi, db: MailCache, text: string, scope: SearchScope, accounts: readonly CachedAccount[]): SearchState {
  const [state, setState] = useState<SearchState>(idle);
  const scopeId = JSON.stringify(scope);
  const accountIds = accounts.map((account) => account.id).join();
  useEffect(() => {
    const run = { cancelled: false };
    // A function, so that every check reads the flag anew after an await.
    const cancelled = (): boolean => run.cancelled;
    const timer = setTimeout(() => {
      void (async () => {
        const parsed = parseQuery(text);
        if (!parsed.ok) {
          setState({ ...idle, results: [], hint: parsed.hint, phase: 'done' });
          return;
        }
        const query = parsed.query;
        if (isEmptyQuery(query)) {
          setState(idle);
          return;
        }
        const searchScope = JSON.parse(scopeId) as SearchScope;
        const terms = highlightTerms(query);
        const local = await searchLocal(db, query, searchScope);
        if (cancelled()) return;
        setState({ results: local.messages, fromServer: new Set(), phase: 'server', serverProblem: null, hint: null, terms });

        // Then the server, account by account, for the folders in scope.
        const localKeys = new Set(local.messages.map(resultKey));
        const merged = new Map(local.messages.map((row) => [resultKey(row), row]));
        const fromServer = new Set<string>();
        let problem: string | null = null;
        const targets =
          searchScope.kind === 'folder'
            ? [{ accountId: searchScope.accountId, paths: [searchScope.path] }]
            : await Promise.all(
                searchScope.accountIds.map(async (accountId) => ({
                  accountId,
                  paths: (await db.folders.where('accountId').equals(accountId).toArray())
                    .filter((folder) => folder.selectable)
                    .map((folder) => folder.path),
                })),
              );
        for (const { accountId, paths } of targets) {
          if (
            query.account !== null &&
            !accounts.some((account) => account.id === accountId && account.email.toLowerCase().includes(query.account ?? ''))
          )
            continue;
          const scoped = query.folder === null ? paths : paths.filter((path) => path.toLowerCase() === query.folder?.toLowerCase());
          const result = await api.invoke('search.server', { accountId, paths: scoped, query });
          if (cancelled()) return;
          if (!result.ok) {
            problem = result.error.message;
            continue;
          }
          for (const { path, uids } of result.value.hits) {
            const rows = await db.messages.bulkGet(uids.map((uid): [string, number] => [`${accountId}\u0000${path}`, uid]));
            for (const row of rows) {
              if (row === undefined) continue;
              // has:attachment has no IMAP criterion: the structure the cache has decides it.
              if (query.hasAttachment && (row.bodyStructure === null || listAttachments(row.bodyStructure).length === 0)) continue;
              const key = resultKey(row);
              if (!localKeys.has(key)) fromServer.add(key);
              merged.set(key, row);
            }
          }
        }
        if (cancelled()) return;
        setState({ results: [...merged.values()].sort(newestFirst), fromServer, phase: 'done', serverProblem: problem, hint: null, terms });
      })();
    }, DEBOUNCE_MS);
    return () => {
      run.cancelled = true;
      clearTimeout(timer);
    };
  }, [api, db, text, scopeId, accountIds, accounts]);
  return text.trim() === '' ? idle : state;
}
