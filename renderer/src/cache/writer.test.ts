import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheDelta, FolderSyncState } from '../../../shared/cache/delta';
import { folderKey, type FolderRecord } from '../../../shared/domain/folder';
import type { MessageHeader } from '../../../shared/domain/message';
import { MailCache } from './db';
import { MailActions } from './mail-actions';
import { CacheWriter } from './writer';
import { testFolder } from './folder-fixture';

const accountId = 'account-1';
const inboxKey = folderKey(accountId, 'INBOX');
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
/** A messages delta for INBOX with nothing in it but what the test names. */
const messagesDelta = (delta: Partial<CacheDelta & { kind: 'messages' }>): CacheDelta => ({
  kind: 'messages',
  accountId,
  path: 'INBOX',
  reset: false,
  upserts: [],
  flagUpdates: [],
  expunged: [],
  state: state(),
  ...delta,
});
const folder = (path: string): FolderRecord => testFolder(accountId, path);

describe('CacheWriter', () => {
  let db: MailCache;
  let writer: CacheWriter;
  const inbox = folderKey(accountId, 'INBOX');

  beforeEach(async () => {
    db = new MailCache('writer-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    writer = new CacheWriter(db);
    await writer.apply({ kind: 'folders', accountId, folders: [folder('INBOX')] });
  });

  afterEach(() => {
    db.close();
  });

  it('stores messages and their folder state together, with unread derived from \\Seen', async () => {
    await writer.apply(messagesDelta({ upserts: [header(1, ['\\Seen']), header(2)] }));
    expect(await writer.folderState({ accountId, path: 'INBOX' })).toEqual(state());
    expect((await db.messages.toArray()).map((m) => [m.uid, m.unread])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it('keeps a flag change the user queued over flags a resync read before the engine replayed it', async () => {
    await writer.apply({ kind: 'folders', accountId, folders: [folder('INBOX')] });
    await writer.apply(messagesDelta({ upserts: [header(1), header(2)] }));
    await new MailActions(db).setFlags({ accountId, path: 'INBOX', uids: [1] }, ['\\Seen', '\\Flagged'], []);
    await writer.apply(messagesDelta({ flagUpdates: [{ uid: 1, flags: ['$Later'] }] }));
    expect((await db.messages.get([inbox, 1]))?.flags.sort()).toEqual(['$Later', '\\Flagged', '\\Seen']);
    expect((await db.folderCounts.get(inbox))?.unread).toBe(1);
  });

  it('keeps a folder the user created until the server lists it, and hides one the user deleted', async () => {
    await writer.apply({ kind: 'folders', accountId, folders: [folder('INBOX'), folder('Old')] });
    const actions = new MailActions(db);
    await actions.createFolder(accountId, null, 'New');
    await actions.deleteFolder(accountId, 'Old');
    await writer.apply({ kind: 'folders', accountId, folders: [folder('INBOX'), folder('Old')] });
    expect((await db.folders.toArray()).map((row) => row.path).sort()).toEqual(['INBOX', 'New']);
  });

  it('undoes a refused move: the messages are back where they were, the placeholders gone', async () => {
    await writer.apply({ kind: 'folders', accountId, folders: [folder('INBOX'), folder('Work')] });
    await writer.apply(messagesDelta({ upserts: [header(1), header(2)] }));
    await new MailActions(db).move({ accountId, path: 'INBOX', uids: [1, 2] }, 'Work');
    const [queued] = await writer.pendingOperations(accountId);
    await writer.operationSettled(queued?.id ?? 0, { kind: 'refused', error: { code: 'SERVER_ERROR', message: 'no' } });
    expect((await db.messages.toArray()).map((row) => [row.path, row.uid])).toEqual([
      ['INBOX', 1],
      ['INBOX', 2],
    ]);
    expect(await db.folderCounts.get(folderKey(accountId, 'Work'))).toMatchObject({ messages: 0, unread: 0 });
    expect(await db.folderCounts.get(inbox)).toMatchObject({ messages: 2, unread: 2 });
    expect((await db.operations.toArray()).map((row) => row.state)).toEqual(['failed']);
  });

  it('throws away what a folder held when its UIDVALIDITY changed', async () => {
    await writer.apply(messagesDelta({ upserts: [header(1), header(2)] }));
    await writer.apply({ kind: 'body', accountId, path: 'INBOX', uidValidity: 100, uid: 1, body: { kind: 'plain', text: 'hi', truncated: false } });
    await writer.apply(messagesDelta({ reset: true, upserts: [header(5)], state: state({ uidValidity: 200, uidNext: 6 }) }));
    expect((await db.messages.toArray()).map((m) => m.uid)).toEqual([5]);
    expect(await db.bodies.count()).toBe(0);
    expect(await writer.folderState({ accountId, path: 'INBOX' })).toMatchObject({ uidValidity: 200 });
  });

  it('keeps a body only for the UIDVALIDITY it was fetched under', async () => {
    await writer.apply(messagesDelta({ upserts: [header(1)] }));
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
    await writer.apply(messagesDelta({ path: 'Old', upserts: [header(1)] }));
    await writer.apply({ kind: 'folders', accountId, folders: [folder('INBOX')] });
    expect((await db.folders.toArray()).map((f) => f.path)).toEqual(['INBOX']);
    expect(await db.messages.count()).toBe(0);
    expect(await writer.folderState({ accountId, path: 'Old' })).toBeNull();
  });

  it('applies flag changes and expunges with the state that covers them', async () => {
    await writer.apply(messagesDelta({ upserts: [header(1), header(2), header(3)] }));
    await writer.apply({ kind: 'body', accountId, path: 'INBOX', uidValidity: 100, uid: 2, body: { kind: 'plain', text: 'bye', truncated: false } });
    await writer.apply(
      messagesDelta({
        flagUpdates: [
          { uid: 1, flags: ['\\Seen', '\\Flagged'] },
          { uid: 99, flags: ['\\Seen'] },
        ],
        expunged: [2, 77],
        state: state({ highestModseq: '50' }),
      }),
    );
    expect((await db.messages.toArray()).map((m) => [m.uid, m.unread, m.flags])).toEqual([
      [1, 0, ['\\Seen', '\\Flagged']],
      [3, 1, []],
    ]);
    expect(await db.bodies.count()).toBe(0);
    expect(await writer.knownUids({ accountId, path: 'INBOX' })).toEqual([1, 3]);
    expect(await writer.folderState({ accountId, path: 'INBOX' })).toMatchObject({ highestModseq: '50' });
  });

  it('keeps bodies within the storage budget, evicting the least recently read first', async () => {
    let tick = 0;
    const small = new CacheWriter(db, 1000, () => ++tick);
    await small.apply(messagesDelta({ upserts: [header(1), header(2), header(3)] }));
    const body = (uid: number) => ({ uid, body: { kind: 'plain' as const, text: 'x'.repeat(200), truncated: false } });
    await small.apply({ kind: 'bodies', accountId, path: 'INBOX', uidValidity: 100, bodies: [body(1), body(2)] });
    expect(await small.bodyStorage()).toEqual({ usedBytes: 800, budgetBytes: 1000 });
    await small.markRead({ accountId, path: 'INBOX' }, 1);
    await small.apply({ kind: 'bodies', accountId, path: 'INBOX', uidValidity: 100, bodies: [body(3)] });
    // 1,200 bytes is over budget: body 2, fetched but never read since, goes; body 1 was just read.
    expect((await db.bodies.toArray()).map((b) => b.uid).sort()).toEqual([1, 3]);
    expect((await small.bodyStorage()).usedBytes).toBe(800);
    expect((await small.bodiesWanted({ accountId, path: 'INBOX' }, 10)).map((wanted) => wanted.uid)).toEqual([2]);
  });
});

describe('folder counts', () => {
  it('follow every write: new mail, flag changes, expunges, re-fetches and a UIDVALIDITY reset', async () => {
    const db = new MailCache('counts-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    const writer = new CacheWriter(db);
    await writer.apply({ kind: 'folders', accountId, folders: [folder('INBOX')] });
    const key = folderKey(accountId, 'INBOX');
    const messages = (delta: Partial<CacheDelta & { kind: 'messages' }>) => writer.apply(messagesDelta(delta));
    const counts = async () => {
      const row = await db.folderCounts.get(key);
      return [row?.messages, row?.unread];
    };

    await messages({ upserts: [header(1, ['\\Seen']), header(2), header(3)] });
    expect(await counts()).toEqual([3, 2]);
    await messages({
      flagUpdates: [
        { uid: 2, flags: ['\\Seen'] },
        { uid: 1, flags: ['\\Seen'] },
        { uid: 9, flags: [] },
      ],
    });
    expect(await counts()).toEqual([3, 1]);
    await messages({ expunged: [3, 42] });
    expect(await counts()).toEqual([2, 0]);
    await messages({ upserts: [header(1), header(4)] });
    expect(await counts()).toEqual([3, 2]);
    await messages({ reset: true, upserts: [header(7)], state: state({ uidValidity: 200 }) });
    expect(await counts()).toEqual([1, 1]);
    db.close();
  });
});

describe('MailCache migrations', () => {
  it('2 indexes the bodies version 1 stored, so they count against the budget', async () => {
    const indexedDB = new IDBFactory();
    const v1 = new Dexie('migration-test', { indexedDB, IDBKeyRange });
    v1.version(1).stores({
      accounts: 'id',
      folders: '[accountId+path], accountId',
      messages: '[folderKey+uid], [folderKey+date], [folderKey+unread]',
      folderStates: 'folderKey',
      bodies: '[folderKey+uid]',
    });
    await v1.table('bodies').put({ folderKey: 'k', uid: 1, kind: 'plain', text: 'hello', truncated: false, fetchedAt: 42 });
    v1.close();

    const migrated = new MailCache('migration-test', { indexedDB, IDBKeyRange });
    expect(await migrated.bodyIndex.toArray()).toEqual([{ folderKey: 'k', uid: 1, bytes: 10, lastReadAt: 42 }]);
    migrated.close();
  });

  it('3 counts the messages and unread messages of every folder version 2 holds', async () => {
    const indexedDB = new IDBFactory();
    const v2 = new Dexie('counts-migration', { indexedDB, IDBKeyRange });
    v2.version(1).stores({
      accounts: 'id',
      folders: '[accountId+path], accountId',
      messages: '[folderKey+uid], [folderKey+date], [folderKey+unread]',
      folderStates: 'folderKey',
      bodies: '[folderKey+uid]',
    });
    v2.version(2).stores({ bodyIndex: '[folderKey+uid], lastReadAt' });
    await v2.table('folderStates').put({ ...state(), folderKey: 'k' });
    await v2.table('messages').bulkPut([
      { folderKey: 'k', uid: 1, date: 1, unread: 1 },
      { folderKey: 'k', uid: 2, date: 2, unread: 0 },
      { folderKey: 'other', uid: 1, date: 1, unread: 1 },
    ]);
    v2.close();

    const migrated = new MailCache('counts-migration', { indexedDB, IDBKeyRange });
    expect(await migrated.folderCounts.toArray()).toEqual([{ folderKey: 'k', messages: 2, unread: 1 }]);
    migrated.close();
  });

  it('4 to 10 add the queue, trusted senders and the unified and sender indexes, keeping every message', async () => {
    const indexedDB = new IDBFactory();
    const v3 = new Dexie('sender-migration', { indexedDB, IDBKeyRange });
    v3.version(1).stores({
      accounts: 'id',
      folders: '[accountId+path], accountId',
      messages: '[folderKey+uid], [folderKey+date], [folderKey+unread]',
      folderStates: 'folderKey',
      bodies: '[folderKey+uid]',
    });
    v3.version(2).stores({ bodyIndex: '[folderKey+uid], lastReadAt' });
    v3.version(3).stores({ folderCounts: 'folderKey' });
    await v3.table('messages').put({ ...header(1), folderKey: inboxKey, accountId, path: 'INBOX', unread: 1 });
    v3.close();

    const migrated = new MailCache('sender-migration', { indexedDB, IDBKeyRange });
    expect((await migrated.messages.get([inboxKey, 1]))?.senderKey).toBe('ada');
    expect(await migrated.messages.where('[path+senderKey]').equals(['INBOX', 'ada']).count()).toBe(1);
    expect(await migrated.operations.count()).toBe(0);
    expect(await migrated.operations.where('refs').anyOf([-1]).count()).toBe(0);
    expect(await migrated.remoteImageSenders.count()).toBe(0);
    migrated.close();
  });
});
