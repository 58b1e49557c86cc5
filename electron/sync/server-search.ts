import type { ImapFlow, SearchObject } from 'imapflow';
import type { CachePort } from '../../shared/cache/port';
import type { SearchQuery } from '../../shared/search/query';
import { lockFreshMailbox } from '../imap/mailbox';
import { fetchHeaders } from './folder-sync';

/** Messages the server found in one folder, newest (highest UID) first. */
export interface FolderHits {
  path: string;
  uids: number[];
}

/** Headers fetched per folder for hits the cache does not hold yet: the first page of results needs no more. */
const FETCH_PER_FOLDER = 100;
/** UIDs reported per folder; a search that matches everything is not worth listing whole. */
const HITS_PER_FOLDER = 500;

/**
 * IMAP SEARCH for the query (RFC 9051 6.4.4): every criterion must hold. IMAP has no AND of two criteria
 * of one kind in imapflow's object form, so each further one rides in a one-element OR, which imapflow
 * writes as the plain criterion. has:attachment has no IMAP criterion: the cache decides it afterwards.
 */
export function toImapSearch(query: SearchQuery): SearchObject | null {
  const criteria: SearchObject[] = [
    ...query.words.map((text): SearchObject => ({ text })),
    ...query.phrases.map((text): SearchObject => ({ text })),
    ...query.from.map((from): SearchObject => ({ from })),
    ...query.to.map((to): SearchObject => ({ or: [{ to }, { cc: to }] })),
    ...query.subject.map((subject): SearchObject => ({ subject })),
    ...query.excluded.map((text): SearchObject => ({ not: { text } })),
    ...(query.unread ? [{ seen: false }] : []),
    ...(query.starred ? [{ flagged: true }] : []),
    ...(query.before === null ? [] : [{ before: new Date(query.before) }]),
    ...(query.after === null ? [] : [{ since: new Date(query.after) }]),
  ];
  if (criteria.length === 0) return null;
  return criteria.reduceRight<SearchObject | null>((rest, criterion) => (rest === null ? criterion : both(criterion, rest)), null);
}

/**
 * Both criteria. The rest rides in a one-element OR beside the criterion, but `to:` is an OR of its own
 * (TO or CC), which that would overwrite: then the rest is the outer one, and when both are ORs, De
 * Morgan's NOT (NOT a OR NOT b) says it.
 */
function both(criterion: SearchObject, rest: SearchObject): SearchObject {
  if (criterion.or === undefined) return { ...criterion, or: [rest] };
  if (rest.or === undefined) return { ...rest, or: [criterion] };
  return { not: { or: [{ not: criterion }, { not: rest }] } };
}

/**
 * Searches each folder on the server, then fetches the headers of the newest hits the cache lacks and
 * writes them in, so that the window shows them like any other message.
 */
export async function searchFolders(
  client: ImapFlow,
  cache: CachePort,
  accountId: string,
  paths: readonly string[],
  query: SearchQuery,
): Promise<FolderHits[]> {
  const criteria = toImapSearch(query);
  if (criteria === null) return [];
  const hits: FolderHits[] = [];
  for (const path of paths) {
    const state = await cache.folderState({ accountId, path });
    const { lock, mailbox } = await lockFreshMailbox(client, path, 'server search');
    try {
      const found = await client.search(criteria, { uid: true });
      if (!Array.isArray(found)) continue;
      // Hits under another UIDVALIDITY than the cache's name other messages there: they are left out, and
      // the next sync sorts the folder out.
      if (state === null || state.uidValidity !== Number(mailbox.uidValidity)) continue;
      const newestFirst = [...found].sort((a, b) => b - a).slice(0, HITS_PER_FOLDER);
      hits.push({ path, uids: newestFirst });
      const known = new Set(await cache.knownUids({ accountId, path }));
      const missing = newestFirst.filter((uid) => !known.has(uid)).slice(0, FETCH_PER_FOLDER);
      if (missing.length === 0) continue;
      const upserts = await fetchHeaders(client, missing);
      await cache.apply({ kind: 'found', accountId, path, uidValidity: state.uidValidity, upserts });
    } finally {
      lock.release();
    }
  }
  return hits;
}
