import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderSyncState } from '../../../shared/cache/delta';
import { folderKey, type FolderRecord } from '../../../shared/domain/folder';
import type { MessageHeader } from '../../../shared/domain/message';
import { MailCache } from './db';
import { CacheWriter } from './writer';

const accountId = 'account-1';
const state = (overrides: Partial<FolderSyncState> = {}): FolderSyncState => ({
  uidValidity: 100,
  uidNext: 3,
  highestModseq: '42',
  completeDownTo: 1,
  messageCount: 2,
  ...overrides,
});
const header = (uid: number, flags: string[] = []): MessageHeader => ({
  uid,
  messageId: `<${uid}@test>`,
  subject: `Message ${uid}`,
  from: [{ name: 'Ada', address: 'ada@example.com' }],
  to: [],
  cc: [],
  date: uid * 1000,
  internalDate: uid * 1000,
  size: 100,
  flags,
  bodyStructure: null,
  preview: null,
});
const folder = (path: string): FolderRecord => ({
  accountId,
  path,
  name: path,
  delimiter: '/',
  parentPath: null,
  role: path === 'INBOX' ? 'inbox' : null,
  subscribed: true,
  selectable: true,
});

describe('CacheWriter', () => {
  let db: MailCache;
  let writer: CacheWriter;
  const inbox = folderKey(accountId, 'INBOX');

  beforeEach(() => {
    db = new MailCache('writer-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    writer = new CacheWriter(db);
  });

  afterEach(() => {
    db.close();
  });

  it('stores messages and their folder state together, with unread derived from \\Seen', async () => {
    await writer.apply({
      kind: 'messages',
      flagUpdates: [],
      expunged: [],
      accountId,
      path: 'INBOX',
      reset: false,
      upserts: [header(1, ['\\Seen']), header(2)],
      state: state(),
    });
    expect(await writer.folderState({ accountId, path: 'INBOX' })).toEqual(state());
    expect((await db.messages.toArray()).map((m) => [m.uid, m.unread])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it('throws away what a folder held when its UIDVALIDITY changed', async () => {
    await writer.apply({
      kind: 'messages',
      flagUpdates: [],
      expunged: [],
      accountId,
      path: 'INBOX',
      reset: false,
      upserts: [header(1), header(2)],
      state: state(),
    });
    await writer.apply({ kind: 'body', accountId, path: 'INBOX', uidValidity: 100, uid: 1, body: { kind: 'plain', text: 'hi', truncated: false } });
    await writer.apply({
      kind: 'messages',
      flagUpdates: [],
      expunged: [],
      accountId,
      path: 'INBOX',
      reset: true,
      upserts: [header(5)],
      state: state({ uidValidity: 200, uidNext: 6 }),
    });
    expect((await db.messages.toArray()).map((m) => m.uid)).toEqual([5]);
    expect(await db.bodies.count()).toBe(0);
    expect(await writer.folderState({ accountId, path: 'INBOX' })).toMatchObject({ uidValidity: 200 });
  });

  it('keeps a body only for the UIDVALIDITY it was fetched under', async () => {
    await writer.apply({
      kind: 'messages',
      flagUpdates: [],
      expunged: [],
      accountId,
      path: 'INBOX',
      reset: false,
      upserts: [header(1)],
      state: state(),
    });
    const body = { kind: 'plain' as const, text: 'hello', truncated: false };
    await writer.apply({ kind: 'body', accountId, path: 'INBOX', uidValidity: 99, uid: 1, body });
    expect(await writer.hasBody({ accountId, path: 'INBOX', uidValidity: 100, uid: 1 })).toBe(false);
    await writer.apply({ kind: 'body', accountId, path: 'INBOX', uidValidity: 100, uid: 1, body });
    expect(await writer.hasBody({ accountId, path: 'INBOX', uidValidity: 100, uid: 1 })).toBe(true);
    expect(await writer.hasBody({ accountId, path: 'INBOX', uidValidity: 99, uid: 1 })).toBe(false);
    expect(await db.bodies.get([inbox, 1])).toMatchObject(body);
  });

  it('removes folders gone from the server, with everything they held', async () => {
    await writer.apply({ kind: 'folders', accountId, folders: [folder('INBOX'), folder('Old')] });
    await writer.apply({
      kind: 'messages',
      flagUpdates: [],
      expunged: [],
      accountId,
      path: 'Old',
      reset: false,
      upserts: [header(1)],
      state: state(),
    });
    await writer.apply({ kind: 'folders', accountId, folders: [folder('INBOX')] });
    expect((await db.folders.toArray()).map((f) => f.path)).toEqual(['INBOX']);
    expect(await db.messages.count()).toBe(0);
    expect(await writer.folderState({ accountId, path: 'Old' })).toBeNull();
  });

  it('applies flag changes and expunges with the state that covers them', async () => {
    await writer.apply({
      kind: 'messages',
      flagUpdates: [],
      expunged: [],
      accountId,
      path: 'INBOX',
      reset: false,
      upserts: [header(1), header(2), header(3)],
      state: state(),
    });
    await writer.apply({ kind: 'body', accountId, path: 'INBOX', uidValidity: 100, uid: 2, body: { kind: 'plain', text: 'bye', truncated: false } });
    await writer.apply({
      kind: 'messages',
      accountId,
      path: 'INBOX',
      reset: false,
      upserts: [],
      flagUpdates: [
        { uid: 1, flags: ['\\Seen', '\\Flagged'] },
        { uid: 99, flags: ['\\Seen'] },
      ],
      expunged: [2, 77],
      state: state({ highestModseq: '50' }),
    });
    expect((await db.messages.toArray()).map((m) => [m.uid, m.unread, m.flags])).toEqual([
      [1, 0, ['\\Seen', '\\Flagged']],
      [3, 1, []],
    ]);
    expect(await db.bodies.count()).toBe(0);
    expect(await writer.knownUids({ accountId, path: 'INBOX' })).toEqual([1, 3]);
    expect(await writer.folderState({ accountId, path: 'INBOX' })).toMatchObject({ highestModseq: '50' });
  });
});
