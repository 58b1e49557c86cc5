import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheDelta, FolderSyncState } from '../../../shared/cache/delta';
import { folderKey, type FolderRecord } from '../../../shared/domain/folder';
import type { MessageHeader } from '../../../shared/domain/message';
import { parseQuery } from '../../../shared/search/query';
import { MailCache } from './db';
import { MailActions } from './mail-actions';
import { searchLocal, type SearchScope } from './search';
import { bucketOf, buildSegment, mergeSegments, refsWithPrefix } from './word-segments';
import { CacheWriter } from './writer';
import { testFolder } from './folder-fixture';

describe('word segments', () => {
  const { segment, buckets } = buildSegment(7, 0, [
    { folderKey: 'a\u0000INBOX', uid: 1, date: 10, words: ['invoice', 'march', 'ada'] },
    { folderKey: 'a\u0000INBOX', uid: 2, date: 20, words: ['invitation', 'offsite'] },
    { folderKey: 'a\u0000Work', uid: 1, date: 30, words: ['東京', '東', '京', 'invoice'] },
    // The same message again, with its body's words: one message, both lists.
    { folderKey: 'a\u0000INBOX', uid: 1, date: 10, words: ['numbers', 'invoice'] },
  ]);
  const refsOf = (term: string): number[] =>
    buckets.filter((bucket) => bucket.bucket === bucketOf(term)).flatMap((bucket) => [...refsWithPrefix(bucket, term)]);

  it('files each message once, and each word under its first two characters', () => {
    expect([...segment.uids]).toEqual([1, 2, 1]);
    expect(segment.folders).toEqual(['a\u0000INBOX', 'a\u0000Work']);
    expect(buckets.map((bucket) => bucket.bucket).sort()).toEqual(['ad', 'in', 'ma', 'nu', 'of', '京', '東', '東京'].sort());
  });

  it('finds the messages of every word beginning with a prefix, in one run', () => {
    expect([...new Set(refsOf('inv'))].sort()).toEqual([0, 1, 2]);
    expect(refsOf('invoice')).toEqual([0, 2]);
    expect(refsOf('invoices')).toEqual([]);
    expect(refsOf('numbers')).toEqual([0]);
    expect(refsOf('東京')).toEqual([2]);
  });

  it('merges segments into one: a message met twice is one, a message no longer cached is gone', () => {
    const bodies = buildSegment(8, 0, [
      { folderKey: 'a\u0000INBOX', uid: 2, date: 20, words: ['quarterly', 'invoice'] },
      { folderKey: 'a\u0000INBOX', uid: 3, date: 25, words: ['invoice'] },
    ]);
    const merged = mergeSegments(
      9,
      1,
      [segment, bodies.segment],
      [...buckets, ...bodies.buckets],
      (folder, uid) => !(folder === 'a\u0000INBOX' && uid === 1),
    );
    const messages = (term: string): Array<[string, number]> =>
      merged.buckets
        .filter((bucket) => bucket.bucket === bucketOf(term))
        .flatMap((bucket) => [...refsWithPrefix(bucket, term)])
        .map((ref) => [merged.segment.folders[merged.segment.folderOf[ref] ?? 0] ?? '', merged.segment.uids[ref] ?? 0]);
    expect([...merged.segment.uids]).toEqual([2, 1, 3]);
    const sorted = (list: Array<[string, number]>) => list.map(([folder, uid]) => `${folder}/${String(uid)}`).sort();
    expect(sorted(messages('invoice'))).toEqual(['a\u0000INBOX/2', 'a\u0000INBOX/3', 'a\u0000Work/1']);
    // Two words of message 2 begin with "inv": a run may name a message twice.
    expect(new Set(sorted(messages('inv'))).size).toBe(3);
    expect(messages('quarterly')).toEqual([['a\u0000INBOX', 2]]);
    expect(messages('offsite')).toEqual([['a\u0000INBOX', 2]]);
    expect(messages('march')).toEqual([]);
  });
});

const accountId = 'acct';
const folder = (path: string): FolderRecord => testFolder(accountId, path);
const state = (uidNext: number): FolderSyncState => ({ uidValidity: 1, uidNext, highestModseq: null, completeDownTo: 1, messageCount: uidNext - 1 });
const words = ['invoice', 'report', 'lunch', 'offsite', 'budget', 'deploy', 'résumé', '会議'];
const header = (uid: number): MessageHeader => ({
  uid,
  messageId: `<${uid}@test>`,
  subject: `${words[uid % words.length] ?? ''} ${words[(uid * 3) % words.length] ?? ''} #${uid}`,
  from: [{ name: uid % 2 === 0 ? 'Ada Lovelace' : 'Pat O’Brien', address: uid % 2 === 0 ? 'ada@example.com' : 'pat@example.org' }],
  to: [],
  cc: [],
  date: uid * 60_000,
  internalDate: uid * 60_000,
  size: 100,
  flags: [],
  bodyStructure: null,
  preview: null,
});
const messages = (path: string, upserts: MessageHeader[], expunged: number[] = []): CacheDelta => ({
  kind: 'messages',
  accountId,
  path,
  reset: false,
  upserts,
  flagUpdates: [],
  expunged,
  state: state(Math.max(1, ...upserts.map((row) => row.uid)) + 1),
});

describe('word index in the cache', () => {
  let db: MailCache;
  let writer: CacheWriter;
  const all: SearchScope = { kind: 'all', accountIds: [accountId] };

  beforeEach(async () => {
    db = new MailCache('word-index-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    writer = new CacheWriter(db);
    await db.accounts.put({
      id: accountId,
      displayName: 'T',
      email: 't@example.com',
      host: 'h',
      port: 993,
      security: 'tls',
      username: 'u',
      offlineFolders: [],
    });
    await writer.apply({ kind: 'folders', accountId, folders: [folder('INBOX'), folder('Work')] });
  });

  afterEach(() => {
    db.close();
  });

  async function found(text: string, scope: SearchScope = all): Promise<Array<[string, number]>> {
    const parsed = parseQuery(text);
    if (!parsed.ok) throw new Error(parsed.hint);
    return (await searchLocal(db, parsed.query, scope, 10_000)).messages.map((row) => [row.path, row.uid]);
  }

  /** What a search must find: every cached row whose subject has the word, newest first. */
  async function expected(word: string): Promise<Array<[string, number]>> {
    const rows = await db.messages.toArray();
    return rows
      .filter((row) => row.subject.split(' ').some((part) => part.startsWith(word)))
      .sort((a, b) => b.date - a.date)
      .map((row) => [row.path, row.uid]);
  }

  it('stays exact through hundreds of small writes, merged into few segments', async () => {
    // One message per write, as IDLE brings them: 300 segments' worth, merged on two levels.
    for (let uid = 1; uid <= 300; uid += 1) await writer.apply(messages('INBOX', [header(uid)]));
    expect(await db.wordSegments.count()).toBeLessThan(32);
    expect(await db.wordSegments.where('level').equals(2).count()).toBe(1);
    for (const word of ['inv', 'report', 'résumé', '会議']) expect(await found(word), word).toEqual(await expected(word));
    expect(await found('from:ada offsite')).toEqual((await expected('offsite')).filter(([, uid]) => uid % 2 === 0));
  });

  it('sweeps expunged messages out of the index when their segment is merged', async () => {
    for (let uid = 1; uid <= 15; uid += 1) await writer.apply(messages('INBOX', [header(uid)]));
    await writer.apply(messages('INBOX', [], [2, 4, 6]));
    await writer.apply(messages('INBOX', [header(16)]));
    const segments = await db.wordSegments.toArray();
    expect(segments.map((segment) => segment.level)).toEqual([1]);
    expect(segments.flatMap((segment) => [...segment.uids])).toEqual([1, 3, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  });

  it('finds a body by its words once the body is cached', async () => {
    await writer.apply(messages('INBOX', [header(1), header(2)]));
    expect(await found('quarterly')).toEqual([]);
    await writer.apply({
      kind: 'body',
      accountId,
      path: 'INBOX',
      uidValidity: 1,
      uid: 2,
      body: { kind: 'plain', text: 'The quarterly numbers.', truncated: false },
    });
    expect(await found('quarterly')).toEqual([['INBOX', 2]]);
  });

  it('finds moved mail where it went, under its placeholder and then its new UID, and after a rename', async () => {
    await writer.apply(messages('INBOX', [header(1), header(2), header(3)]));
    await writer.apply({
      kind: 'body',
      accountId,
      path: 'INBOX',
      uidValidity: 1,
      uid: 2,
      body: { kind: 'plain', text: 'Quarterly numbers.', truncated: false },
    });
    await writer.apply(messages('Work', [header(50)]));
    const subject = (await db.messages.get([folderKey(accountId, 'INBOX'), 2]))?.subject.split(' ')[0] ?? '';
    await new MailActions(db).move({ accountId, path: 'INBOX', uids: [2] }, 'Work');
    const work: SearchScope = { kind: 'folder', accountId, path: 'Work' };
    expect((await found(subject, work)).map(([path]) => path)).toContain('Work');
    const [queued] = await writer.pendingOperations(accountId);
    await writer.operationSettled(queued?.id ?? 0, { kind: 'done', moved: [{ from: 2, to: 51 }] });
    expect(await found('quarterly')).toEqual([['Work', 51]]);
    await new MailActions(db).renameFolder(accountId, 'Work', 'Projects');
    expect(await found('quarterly')).toEqual([['Projects', 51]]);
  });

  it('finds mail put back by a refused move, even after its words were swept meanwhile', async () => {
    await writer.apply(messages('INBOX', [header(1)]));
    await new MailActions(db).move({ accountId, path: 'INBOX', uids: [1] }, 'Work');
    // Enough writes to merge the first segment while the message is away.
    for (let uid = 100; uid < 116; uid += 1) await writer.apply(messages('Work', [header(uid)]));
    const [queued] = await writer.pendingOperations(accountId);
    await writer.operationSettled(queued?.id ?? 0, { kind: 'refused', error: { code: 'SERVER_ERROR', message: 'no' } });
    expect(await found('offsite', { kind: 'folder', accountId, path: 'INBOX' })).toEqual([['INBOX', 1]]);
  });
});

/** The cache's tables as version 10 declared them. */
const version10Stores = {
  accounts: 'id',
  folders: '[accountId+path], accountId',
  messages: '[folderKey+uid], [folderKey+date], [folderKey+unread], [path+date], [folderKey+senderKey], [path+senderKey], *terms, date',
  folderStates: 'folderKey',
  bodies: '[folderKey+uid]',
  bodyIndex: '[folderKey+uid], lastReadAt',
  folderCounts: 'folderKey',
  operations: '++id, [accountId+state], *refs',
  remoteImageSenders: 'address',
  meta: 'key',
};

/** A cache as an older version of the app left it, holding the test account. */
async function olderCache(name: string, indexedDB: IDBFactory, version: number, stores: Record<string, string>): Promise<Dexie> {
  const old = new Dexie(name, { indexedDB, IDBKeyRange });
  old.version(version).stores(stores);
  await old
    .table('accounts')
    .put({ id: accountId, displayName: 'T', email: 't@example.com', host: 'h', port: 993, security: 'tls', username: 'u', offlineFolders: [] });
  return old;
}

describe('cache versions 11 and 12', () => {
  it('builds the word index from what an older cache holds, bodies included', async () => {
    const indexedDB = new IDBFactory();
    const old = await olderCache('upgrade-test', indexedDB, 10, version10Stores);
    const key = folderKey(accountId, 'INBOX');
    await old.table('messages').bulkPut(
      Array.from({ length: 2500 }, (_, index) => ({
        ...header(index + 1),
        folderKey: key,
        accountId,
        path: 'INBOX',
        unread: 1,
        senderKey: 'ada',
        terms: ['stale'],
      })),
    );
    await old.table('bodies').put({ folderKey: key, uid: 7, kind: 'plain', text: 'Quarterly numbers.', truncated: false, fetchedAt: 1 });
    await old.table('bodyIndex').put({ folderKey: key, uid: 7, bytes: 18, lastReadAt: 1 });
    old.close();

    const db = new MailCache('upgrade-test', { indexedDB, IDBKeyRange });
    const parsed = parseQuery('quarterly');
    if (!parsed.ok) throw new Error(parsed.hint);
    expect((await searchLocal(db, parsed.query, { kind: 'all', accountIds: [accountId] })).messages.map((row) => row.uid)).toEqual([7]);
    const invoices = parseQuery('invoice');
    if (!invoices.ok) throw new Error(invoices.hint);
    const hits = await searchLocal(db, invoices.query, { kind: 'all', accountIds: [accountId] }, 10_000);
    expect(hits.messages.length).toBe(
      Array.from({ length: 2500 }, (_, index) => index + 1).filter((uid) => header(uid).subject.includes('invoice')).length,
    );
    db.close();
  });
});

/** The stores of versions 11 and 12: the word index in tables of its own. */
const version11Stores = {
  ...version10Stores,
  messages: '[folderKey+uid], [folderKey+date], [folderKey+unread], [path+date], [folderKey+senderKey], [path+senderKey], date',
  wordSegments: 'id, level',
  wordBuckets: '[bucket+segment], segment',
};

async function expectEachFindsOnly(db: MailCache, queries: readonly string[], uid: number): Promise<void> {
  for (const text of queries) {
    const parsed = parseQuery(text);
    if (!parsed.ok) throw new Error(parsed.hint);
    expect(
      (await searchLocal(db, parsed.query, { kind: 'all', accountIds: [accountId] })).messages.map((row) => row.uid),
      text,
    ).toEqual([uid]);
  }
}

describe('cache version 12', () => {
  it('indexes again the words of a cache from before final sigma was folded', async () => {
    const indexedDB = new IDBFactory();
    const old = await olderCache('sigma-test', indexedDB, 11, version11Stores);
    const key = folderKey(accountId, 'INBOX');
    await old
      .table('messages')
      .put({ ...header(1), subject: 'ΝΕΟΣ ΚΑΤΑΛΟΓΟΣ', folderKey: key, accountId, path: 'INBOX', unread: 1, senderKey: 'ada' });
    old.close();

    const db = new MailCache('sigma-test', { indexedDB, IDBKeyRange });
    await expectEachFindsOnly(db, ['καταλογος', 'ΚΑΤΑΛΟΓΟΣ', 'νεος καταλ'], 1);
    db.close();
  });
});

describe('cache version 13', () => {
  it('indexes again the words of a cache from before ß, ı and typographic apostrophes were folded', async () => {
    const indexedDB = new IDBFactory();
    const old = await olderCache('fold-test', indexedDB, 12, version11Stores);
    const key = folderKey(accountId, 'INBOX');
    await old.table('messages').put({
      ...header(1),
      subject: 'Straße und Işık',
      from: [{ name: 'Pat O’Brien', address: 'pat@example.org' }],
      folderKey: key,
      accountId,
      path: 'INBOX',
      unread: 1,
      senderKey: 'pat',
    });
    old.close();

    const db = new MailCache('fold-test', { indexedDB, IDBKeyRange });
    await expectEachFindsOnly(db, ['STRASSE', 'strasse', 'IŞIK', 'isik', "from:o'brien", 'from:o’brien'], 1);
    db.close();
  });
});
