import { searchTermsOf, type CachedMessage, type MailCache } from './db';
import { indexMessages } from './word-index';
import type { IndexedMessage } from './word-segments';

/** What the word index takes of a row: the words of its header and preview, and of its body when given. */
export function wordsOfRow(row: CachedMessage, bodyText: string | null = null): IndexedMessage {
  return { folderKey: row.folderKey, uid: row.uid, date: row.date, words: searchTermsOf(row, bodyText) };
}

/**
 * Indexes rows that came under a new key (moved, renamed, put back): the index names messages by key,
 * and the words filed under the old key are swept when their segment is merged.
 */
export async function indexRows(db: MailCache, rows: readonly CachedMessage[], bodyTexts: ReadonlyMap<number, string> = new Map()): Promise<void> {
  await indexMessages(
    db,
    rows.map((row) => wordsOfRow(row, bodyTexts.get(row.uid) ?? null)),
  );
}
