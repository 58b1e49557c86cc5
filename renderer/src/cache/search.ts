import { listAttachments } from '../../../shared/domain/attachments';
import { folderKey } from '../../../shared/domain/folder';
import { matchesQuery, senderWord, type SearchableMessage } from '../../../shared/search/match';
import type { SearchQuery } from '../../../shared/search/query';
import { isUnspaced, wordsOf } from '../../../shared/search/tokenize';
import type { CachedMessage, MailCache } from './db';
import { messagesWithEveryPrefix } from './word-index';

/** Where to search: one folder, or every folder of the given accounts. */
export type SearchScope = { kind: 'folder'; accountId: string; path: string } | { kind: 'all'; accountIds: readonly string[] };

export interface LocalResults {
  messages: CachedMessage[];
  /** More matches exist than were returned. */
  more: boolean;
}

/** Index words shorter than this match too much to narrow anything alone. */
const SHORTEST_USEFUL_PREFIX = 2;
/** Rows read and checked per step, newest first: a page of results usually fills from the first. */
const READ_STEP = 100;

/** The words of some query terms the index can start from, cut as the index cuts; short ones only when there is nothing else. */
function usefulWords(terms: readonly string[]): string[] {
  const words = [...new Set(terms.flatMap((term) => wordsOf(term)))];
  const useful = words.filter((word) => word.length >= SHORTEST_USEFUL_PREFIX || isUnspaced(word));
  return useful.length > 0 ? useful : words;
}

/** Every positive term of the query, as index words; a sender's as sender words, so from: reads only what they sent. */
function indexTerms(query: SearchQuery): string[] {
  return [...usefulWords([...query.words, ...query.phrases, ...query.to, ...query.subject]), ...usefulWords(query.from).map(senderWord)];
}

function inScope(scope: SearchScope, row: Pick<CachedMessage, 'accountId' | 'path'>): boolean {
  return scope.kind === 'folder' ? row.accountId === scope.accountId && row.path === scope.path : scope.accountIds.includes(row.accountId);
}

/** The same test on a folder key, before any row is read. */
function inScopeKey(scope: SearchScope, key: string): boolean {
  return scope.kind === 'folder'
    ? key === folderKey(scope.accountId, scope.path)
    : scope.accountIds.some((accountId) => key.startsWith(folderKey(accountId, '')));
}

/** Builds what the matcher needs from a cached row, with its body when one is cached. */
export function searchable(row: CachedMessage, bodyText: string | null, accountEmail: string): SearchableMessage {
  const attachments = row.bodyStructure === null ? [] : listAttachments(row.bodyStructure);
  return {
    subject: row.subject,
    from: row.from,
    to: row.to,
    cc: row.cc,
    preview: row.preview,
    attachmentNames: attachments.map((attachment) => attachment.filename),
    bodyText,
    date: row.date,
    flags: row.flags,
    hasAttachment: attachments.length > 0,
    path: row.path,
    accountId: row.accountId,
    accountEmail,
  };
}

/**
 * Answers from the cache alone, newest first. The word index names the messages having every word of
 * the query, with their dates; the matcher decides on each, read newest first until the page is full.
 * Queries without words (is:unread, before:) walk a date index instead.
 */
export async function searchLocal(db: MailCache, query: SearchQuery, scope: SearchScope, limit = 50): Promise<LocalResults> {
  const emails = new Map((await db.accounts.toArray()).map((account) => [account.id, account.email]));
  const textual = query.phrases.length + query.words.length + query.excluded.length > 0;
  /**
   * The header decides most messages. The body is read only where it could change the answer: an
   * excluded word could be in it, or the header misses words the index found in the body.
   */
  const accept = async (row: CachedMessage): Promise<boolean> => {
    if (!inScope(scope, row)) return false;
    const email = emails.get(row.accountId) ?? '';
    const headerMatch = matchesQuery(searchable(row, null, email), query);
    if (!textual || (headerMatch && query.excluded.length === 0)) return headerMatch;
    const body = (await db.bodies.get([row.folderKey, row.uid]))?.text ?? null;
    return body === null ? headerMatch : matchesQuery(searchable(row, body, email), query);
  };

  const terms = indexTerms(query);
  if (terms.length === 0) return walkNewestFirst(db, scope, accept, limit);
  const hits = await messagesWithEveryPrefix(db, terms, (key) => inScopeKey(scope, key));
  // The index orders its hits by date before any row is read: the rows are read newest first, a
  // step at a time, and reading stops once the page is full.
  const found: CachedMessage[] = [];
  for (let offset = 0; offset < hits.length && found.length <= limit; offset += READ_STEP) {
    const rows = await db.messages.bulkGet(hits.slice(offset, offset + READ_STEP).map((hit) => hit.key));
    for (const row of rows) {
      if (row === undefined || !(await accept(row))) continue;
      found.push(row);
      if (found.length > limit) break;
    }
  }
  // The index's dates order the reading; the rows' own order the page (they agree unless a row changed).
  found.sort(newestFirst);
  return { messages: found.slice(0, limit), more: found.length > limit };
}

/** Newest first; ties in the order the date index walks them (folder, then UID, descending). */
export function newestFirst(a: CachedMessage, b: CachedMessage): number {
  return b.date - a.date || (a.folderKey < b.folderKey ? 1 : a.folderKey > b.folderKey ? -1 : 0) || b.uid - a.uid;
}

/** Newest first through a date index, keeping what is accepted, until the page is full. */
async function walkNewestFirst(
  db: MailCache,
  scope: SearchScope,
  accept: (row: CachedMessage) => Promise<boolean>,
  limit: number,
): Promise<LocalResults> {
  const found: CachedMessage[] = [];
  const collection =
    scope.kind === 'folder'
      ? db.messages
          .where('[folderKey+date]')
          .between([folderKey(scope.accountId, scope.path), -Infinity], [folderKey(scope.accountId, scope.path), Infinity])
          .reverse()
      : db.messages.orderBy('date').reverse();
  // Keys in date order a chunk at a time: most searches fill their page from the first chunk.
  const CHUNK = 1000;
  for (let offset = 0; found.length <= limit; offset += CHUNK) {
    const keys = await collection.clone().offset(offset).limit(CHUNK).primaryKeys();
    for (const row of await db.messages.bulkGet(keys)) {
      if (row === undefined || !(await accept(row))) continue;
      found.push(row);
      if (found.length > limit) break;
    }
    if (keys.length < CHUNK) break;
  }
  return { messages: found.slice(0, limit), more: found.length > limit };
}
