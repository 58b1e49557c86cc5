import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderSyncState } from '../../../shared/cache/delta';
import type { BodyStructureNode, MessageHeader } from '../../../shared/domain/message';
import { matchesQuery } from '../../../shared/search/match';
import { parseQuery } from '../../../shared/search/query';
import { MailCache } from './db';
import { newestFirst, searchable, searchLocal, type SearchScope } from './search';
import { CacheWriter } from './writer';

const accountId = 'acct';
const FOLDERS = ['INBOX', 'Archive'];
const subjects = [
  'Invoice for March',
  'Quarterly report draft',
  'Café meeting — résumé attached',
  'Lunch on Friday?',
  'Your order has shipped',
  'Отчёт за неделю',
  '東京の会議について',
  'Build failed on main',
  'Invitation: team offsite',
  'Re: invoice question',
];
const people = [
  { name: 'Ada Lovelace', address: 'ada@example.com' },
  { name: 'Jürgen Weiß', address: 'juergen@example.de' },
  { name: "Pat O'Brien", address: 'pat@example.org' },
  { name: '', address: 'alerts@monitoring.example' },
  { name: '山田太郎', address: 'yamada@example.jp' },
];
const bodies = [
  'Please find the numbers attached.',
  'The deployment pipeline is broken again.',
  'Wir treffen uns im Café.',
  'Budget approved for the offsite.',
];

/** A fixed pseudo-random sequence: the same corpus and queries every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  const item = items[Math.floor(next() * items.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

const attachment: BodyStructureNode = {
  type: 'multipart/mixed',
  childNodes: [
    { part: '1', type: 'text/plain' },
    { part: '2', type: 'application/pdf', disposition: 'attachment', dispositionParameters: { filename: 'statement.pdf' }, size: 1000 },
  ],
};

function header(next: () => number, uid: number): MessageHeader {
  const flags = [...(next() < 0.6 ? ['\\Seen'] : []), ...(next() < 0.2 ? ['\\Flagged'] : [])];
  return {
    uid,
    messageId: `<${uid}@test>`,
    subject: `${pick(next, subjects)}${next() < 0.3 ? ` #${uid}` : ''}`,
    from: [pick(next, people)],
    to: [pick(next, people)],
    cc: next() < 0.2 ? [pick(next, people)] : [],
    date: Date.UTC(2026, 0, 1) + Math.floor(next() * 300) * 86_400_000,
    internalDate: 0,
    size: 1000,
    flags,
    bodyStructure: next() < 0.25 ? attachment : { type: 'text/plain', part: '1' },
    preview: next() < 0.5 ? pick(next, bodies) : null,
  };
}

function generatedQueries(next: () => number, count: number): string[] {
  const words = subjects.flatMap((subject) => subject.split(/[\s:—?#]+/)).filter((word) => word.length > 1);
  const makers: Array<() => string> = [
    () => pick(next, words),
    () => pick(next, words).slice(0, 3),
    () => `from:${pick(next, people).address.split('@')[0] ?? ''}`,
    () => `${pick(next, words)} ${pick(next, words).slice(0, 2)}`,
    () => `"${pick(next, subjects).split(' ').slice(0, 2).join(' ')}"`,
    () => `${pick(next, words)} is:unread`,
    () => `has:attachment ${pick(next, words).slice(0, 4)}`,
    () => `${pick(next, words)} -${pick(next, words)}`,
    () => `is:starred after:2026-04-01`,
    () => {
      const person = pick(next, people);
      return `to:${person.name.split(' ')[0] || person.address.split('@')[0] || 'ada'} before:2026-09-01`;
    },
    () => `in:Archive ${pick(next, words).slice(0, 3)}`,
    () => pick(next, ['京', '会議', 'отчет', 'cafe', 'resume', 'numbers', 'pipeline', 'statement']),
  ];
  return Array.from({ length: count }, () => pick(next, makers)());
}

describe('local search', () => {
  let db: MailCache;
  const bodiesByKey = new Map<string, string>();

  beforeAll(async () => {
    db = new MailCache('search-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    const writer = new CacheWriter(db);
    await db.accounts.put({
      id: accountId,
      displayName: 'T',
      email: 'tester@example.com',
      host: 'h',
      port: 993,
      security: 'tls',
      username: 'u',
      offlineFolders: [],
    });
    const next = random(7);
    await writer.apply({
      kind: 'folders',
      accountId,
      folders: FOLDERS.map((path) => ({
        accountId,
        path,
        name: path,
        delimiter: '/',
        parentPath: null,
        role: null,
        subscribed: true,
        selectable: true,
        keepOffline: false,
      })),
    });
    for (const path of FOLDERS) {
      const upserts = Array.from({ length: 400 }, (_, index) => header(next, index + 1));
      const state: FolderSyncState = { uidValidity: 1, uidNext: 401, highestModseq: null, completeDownTo: 1, messageCount: 400 };
      await writer.apply({ kind: 'messages', accountId, path, reset: false, upserts, flagUpdates: [], expunged: [], state });
      // A fifth of the messages have their body cached: search reads those too.
      const cached = upserts
        .filter((_, index) => index % 5 === 0)
        .map((message) => ({ uid: message.uid, body: { kind: 'plain' as const, text: pick(next, bodies), truncated: false } }));
      await writer.apply({ kind: 'bodies', accountId, path, uidValidity: 1, bodies: cached });
      for (const { uid, body } of cached) bodiesByKey.set(`${path}/${uid}`, body.text);
    }
  });

  afterAll(() => {
    db.close();
  });

  /** Every message of the scope, read and matched one by one: the answer the index must give. */
  async function reference(query: string, scope: SearchScope): Promise<number[][]> {
    const parsed = parseQuery(query);
    if (!parsed.ok) throw new Error(parsed.hint);
    const rows = (await db.messages.toArray()).filter((row) => scope.kind === 'all' || row.path === scope.path);
    return rows
      .filter((row) => matchesQuery(searchable(row, bodiesByKey.get(`${row.path}/${row.uid}`) ?? null, 'tester@example.com'), parsed.query))
      .sort(newestFirst)
      .slice(0, 50)
      .map((row) => [FOLDERS.indexOf(row.path), row.uid]);
  }

  it('answers hundreds of generated queries exactly as a full scan does', async () => {
    const next = random(11);
    const queries = generatedQueries(next, 300);
    let nonEmpty = 0;
    for (const [index, query] of queries.entries()) {
      const scope: SearchScope = index % 2 === 0 ? { kind: 'all', accountIds: [accountId] } : { kind: 'folder', accountId, path: 'INBOX' };
      const parsed = parseQuery(query);
      if (!parsed.ok) throw new Error(`${query}: ${parsed.hint}`);
      const found = await searchLocal(db, parsed.query, scope);
      const expected = await reference(query, scope);
      if (expected.length > 0) nonEmpty += 1;
      expect(
        found.messages.map((row) => [FOLDERS.indexOf(row.path), row.uid]),
        query,
      ).toEqual(expected);
    }
    // The corpus and queries are made so that most queries find something.
    expect(nonEmpty).toBeGreaterThan(150);
  });

  it('finds by prefix as you type, across case, diacritics and scripts', async () => {
    const count = async (text: string) => {
      const parsed = parseQuery(text);
      if (!parsed.ok) throw new Error(parsed.hint);
      return (await searchLocal(db, parsed.query, { kind: 'all', accountIds: [accountId] }, 10_000)).messages.length;
    };
    expect(await count('inv')).toBeGreaterThan(0);
    expect(await count('inv')).toBe(await count('INV'));
    expect(await count('cafe')).toBe(await count('Café'));
    expect(await count('会議')).toBeGreaterThan(0);
    expect(await count('отчет')).toBeGreaterThan(0);
    expect(await count('statement.pdf')).toBeGreaterThan(0);
    // A pasted subject finds what it names, not an error.
    expect(await count('Re: invoice question')).toBeGreaterThan(0);
    expect(await count('Re: invoice question')).toBe(await count('re invoice question'));
  });
});
