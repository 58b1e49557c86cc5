/**
 * Runs in Chromium for the search benchmark: the app's own cache schema, writer-side word index and
 * search, over real IndexedDB. Bundled by chromium-search.ts; not part of the app.
 */
import { folderKey } from '../../shared/domain/folder';
import { isSeen, senderSortKey, type MessageHeader } from '../../shared/domain/message';
import { matchesQuery } from '../../shared/search/match';
import { parseQuery } from '../../shared/search/query';
import { MailCache, type CachedMessage } from '../../renderer/src/cache/db';
import { wordsOfRow } from '../../renderer/src/cache/row-words';
import { indexMessages, wordIndexTables } from '../../renderer/src/cache/word-index';
import { searchable, searchLocal } from '../../renderer/src/cache/search';

export interface SeedRow {
  path: string;
  header: MessageHeader;
  body: string | null;
}

const ACCOUNT = 'bench-account';
const withIndex = new MailCache('bench-search');
const withoutIndex = new MailCache('bench-search-baseline');

function cached(row: SeedRow): CachedMessage {
  return {
    ...row.header,
    folderKey: folderKey(ACCOUNT, row.path),
    accountId: ACCOUNT,
    path: row.path,
    unread: isSeen(row.header.flags) ? 0 : 1,
    senderKey: senderSortKey(row.header.from),
  };
}

/** Where the indexed writes spent their time, in ms: finding the words, and everything the index did (words included). */
const spent = { tokenize: 0, index: 0 };

/** Writes one chunk into both databases; returns the ms each took, index words computed included. */
async function write(db: MailCache, rows: SeedRow[], terms: boolean): Promise<number> {
  const start = performance.now();
  await db.transaction('rw', [db.messages, db.bodies, ...wordIndexTables(db)], async () => {
    const messages = rows.map((row) => cached(row));
    await db.messages.bulkPut(messages);
    // As the app's writer does: the header's words with the rows, the body's words with the bodies.
    if (terms) {
      const started = performance.now();
      const words = messages.map((message, index) => wordsOfRow(message, rows[index]?.body ?? null));
      spent.tokenize += performance.now() - started;
      await indexMessages(db, words);
      spent.index += performance.now() - started;
    }
    await db.bodies.bulkPut(
      rows.flatMap((row) =>
        row.body === null
          ? []
          : [
              {
                folderKey: folderKey(ACCOUNT, row.path),
                uid: row.header.uid,
                kind: 'plain' as const,
                text: row.body,
                truncated: false,
                fetchedAt: 0,
              },
            ],
      ),
    );
  });
  return performance.now() - start;
}

/** Writes one chunk into both databases, the same rows and bodies, with and without their words. */
async function seed(rows: SeedRow[]): Promise<{ indexed: number; plain: number; tokenize: number; index: number }> {
  const plain = await write(withoutIndex, rows, false);
  return { indexed: await write(withIndex, rows, true), plain, ...spent };
}

/** ms to the first 50 results of each query, through the app's search over all folders. */
async function search(queries: string[]): Promise<number[]> {
  await withIndex.accounts.put({
    id: ACCOUNT,
    displayName: 'Bench',
    email: 'bench@kestrel.test',
    host: 'h',
    port: 993,
    security: 'tls',
    username: 'b',
    offlineFolders: [],
  });
  const times: number[] = [];
  for (const text of queries) {
    const parsed = parseQuery(text);
    if (!parsed.ok) throw new Error(parsed.hint);
    const start = performance.now();
    await searchLocal(withIndex, parsed.query, { kind: 'all', accountIds: [ACCOUNT] }, 50);
    times.push(performance.now() - start);
  }
  return times;
}

/** The baseline: the same queries answered by reading and filtering the whole table. */
async function scan(queries: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const text of queries) {
    const parsed = parseQuery(text);
    if (!parsed.ok) throw new Error(parsed.hint);
    const start = performance.now();
    const rows = await withIndex.messages.toArray();
    rows
      .filter((row) => matchesQuery(searchable(row, null, 'bench@kestrel.test'), parsed.query))
      .sort((a, b) => b.date - a.date)
      .slice(0, 50);
    times.push(performance.now() - start);
  }
  return times;
}

Object.assign(window, { kestrelBench: { seed, search, scan } });
