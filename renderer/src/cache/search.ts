import { listAttachments } from '../../../shared/domain/attachments';
import { folderKey } from '../../../shared/domain/folder';
import { matchesQuery, type SearchableMessage } from '../../../shared/search/match';
import type { SearchQuery } from '../../../shared/search/query';
import { isUnspaced, wordsOf } from '../../../shared/search/tokenize';
import type { CachedMessage, MailCache } from './db';

/** Where to search: one folder, or every folder of the given accounts. */
export type SearchScope = { kind: 'folder'; accountId: string; path: string } | { kind: 'all'; accountIds: readonly string[] };

export interface LocalResults {
  messages: CachedMessage[];
  /** More matches exist than were returned. */
  more: boolean;
}

/** Below this many candidates, they are read and sorted; above it, the date index is walked instead. */
const READ_CANDIDATES_UP_TO = 3000;
/** Index words shorter than this match too much to narrow anything alone. */
const SHORTEST_USEFUL_PREFIX = 2;

type Key = [string, number];
const keyId = ([folder, uid]: Key): string => `${folder}\u0000${uid}`;

/** The words the index can start from: every positive term of the query, cut as the index cuts. */
function indexTerms(query: SearchQuery): string[] {
  const terms = [...query.words, ...query.phrases, ...query.from, ...query.to, ...query.subject].flatMap((term) => wordsOf(term));
  const useful = [...new Set(terms)].filter((term) => term.length >= SHORTEST_USEFUL_PREFIX || isUnspaced(term));
  return useful.length > 0 ? useful : [...new Set(terms)];
}

/** Messages having a word that starts with the term, as keys, straight from the multi-entry index. */
async function keysWithPrefix(db: MailCache, term: string): Promise<Map<string, Key>> {
  const keys = await db.messages.where('terms').startsWith(term).primaryKeys();
  return new Map(keys.map((key) => [keyId(key), key]));
}

function inScope(scope: SearchScope, row: Pick<CachedMessage, 'accountId' | 'path'>): boolean {
  return scope.kind === 'folder' ? row.accountId === scope.accountId && row.path === scope.path : scope.accountIds.includes(row.accountId);
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
 * Answers from the cache alone, newest first. The word index narrows the messages; the matcher decides.
 * Few candidates are read and sorted; many are met walking the date index newest first, which stops as
 * soon as the page is full. Queries without words (is:unread, before:) walk a folder's own date index.
 */
export async function searchLocal(db: MailCache, query: SearchQuery, scope: SearchScope, limit = 50): Promise<LocalResults> {
  const emails = new Map((await db.accounts.toArray()).map((account) => [account.id, account.email]));
  const textual = query.phrases.length + query.words.length + query.excluded.length > 0;
  const needed = indexTerms(query);
  /**
   * The header decides most messages. The body is read only where it could change the answer: an
   * excluded word could be in it, or the header misses words that the message's index (which holds its
   * body's words) has.
   */
  const accept = async (row: CachedMessage): Promise<boolean> => {
    if (!inScope(scope, row)) return false;
    const email = emails.get(row.accountId) ?? '';
    const headerMatch = matchesQuery(searchable(row, null, email), query);
    if (!textual || (headerMatch && query.excluded.length === 0)) return headerMatch;
    if (!headerMatch && !needed.every((term) => row.terms.some((word) => word.startsWith(term)))) return false;
    const body = (await db.bodies.get([row.folderKey, row.uid]))?.text ?? null;
    return body === null ? headerMatch : matchesQuery(searchable(row, body, email), query);
  };

  const terms = indexTerms(query);
  if (terms.length === 0) return walkNewestFirst(db, scope, accept, limit, null);

  // The rarest word narrows best: counting a word's entries in the index is cheap, reading them is not.
  const counted = await Promise.all(terms.map(async (term) => ({ term, count: await db.messages.where('terms').startsWith(term).count() })));
  const rarest = counted.reduce((best, entry) => (entry.count < best.count ? entry : best));
  if (rarest.count === 0) return { messages: [], more: false };
  // One common word: the newest messages match soon, so the date index is walked instead.
  if (rarest.count > READ_CANDIDATES_UP_TO && terms.length === 1) return walkNewestFirst(db, scope, accept, limit, null);
  // Several words: their key sets intersected, rarest first, narrow what must be read.
  let candidates = await keysWithPrefix(db, rarest.term);
  for (const { term } of [...counted].sort((a, b) => a.count - b.count).slice(1)) {
    if (candidates.size <= READ_CANDIDATES_UP_TO / 4) break;
    const found = await keysWithPrefix(db, term);
    candidates = new Map([...candidates.entries()].filter(([id]) => found.has(id)));
  }
  const keys = [...candidates.values()];
  if (keys.length === 0) return { messages: [], more: false };
  if (keys.length > READ_CANDIDATES_UP_TO) return walkNewestFirst(db, scope, accept, limit, new Set(keys.map(keyId)));
  const rows = (await db.messages.bulkGet(keys)).flatMap((row) => (row === undefined ? [] : [row]));
  const matching: CachedMessage[] = [];
  for (const row of rows) if (await accept(row)) matching.push(row);
  matching.sort(newestFirst);
  return { messages: matching.slice(0, limit), more: matching.length > limit };
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
  among: ReadonlySet<string> | null,
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
    const wanted = among === null ? keys : keys.filter((key) => among.has(keyId(key)));
    for (const row of await db.messages.bulkGet(wanted)) {
      if (row === undefined || !(await accept(row))) continue;
      found.push(row);
      if (found.length > limit) break;
    }
    if (keys.length < CHUNK) break;
  }
  return { messages: found.slice(0, limit), more: found.length > limit };
}
