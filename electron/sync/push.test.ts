import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { folderKey } from '../../shared/domain/folder';
import type { AccountSummary } from '../../shared/domain/account';
import type { EngineEvent } from '../../shared/ipc/contract';
import { appendMessages, createUser, imapClientFor, importMessages, type TestUser } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import { FaultProxy } from '../../e2e/support/fault-proxy';
import { generateMailbox } from '../../e2e/support/messages';
import { waitFor } from '../../e2e/support/wait';

const dovecot = inject('dovecot');

describe('push over IDLE', () => {
  let engine: TestEngine;
  let user: TestUser;
  let account: AccountSummary;
  const uids = async (): Promise<number[]> => {
    const key = folderKey(account.id, 'INBOX');
    return (await engine.db.messages.where('[folderKey+uid]').between([key, 0], [key, Infinity]).primaryKeys()).map(([, uid]) => uid);
  };

  beforeEach(async () => {
    engine = await createTestEngine({ engine: { push: true } });
    user = await createUser(dovecot, 'push');
    account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
    await appendMessages(
      dovecot,
      user,
      'INBOX',
      generateMailbox(3, 31).map((message) => message.raw),
    );
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
  });

  afterEach(async () => {
    await engine.dispose();
  });

  it('brings new mail, flag changes and expunges by another client into the cache without a sync call', async () => {
    await appendMessages(
      dovecot,
      user,
      'INBOX',
      generateMailbox(1, 32).map((message) => message.raw),
    );
    await waitFor('the pushed message in the cache', async () => (await uids()).includes(4), 5000);
    // New mail after the first sync is announced (the desktop shell notifies); the first sync's is not.
    const announced = (): EngineEvent[] => engine.events.filter((event) => event.type === 'newMail');
    await waitFor('the new mail announced', () => announced().length > 0, 5000);
    expect(announced()).toEqual([expect.objectContaining({ accountId: account.id, path: 'INBOX', count: 1, uid: 4 })]);

    const other = await imapClientFor(dovecot, user);
    try {
      await other.mailboxOpen('INBOX');
      await other.messageFlagsAdd('2', ['\\Flagged'], { uid: true });
      await waitFor(
        'the pushed flag in the cache',
        async () => (await engine.db.messages.get([folderKey(account.id, 'INBOX'), 2]))?.flags.includes('\\Flagged') === true,
        5000,
      );
      await other.messageDelete('1', { uid: true });
      await waitFor('the pushed expunge in the cache', async () => !(await uids()).includes(1), 5000);
    } finally {
      await other.logout();
    }
    expect(await uids()).toEqual([2, 3, 4]);
  });
});

describe('push follows the open folder', () => {
  it('idles on the folder the window shows', async () => {
    const engine = await createTestEngine({ engine: { push: true } });
    const user = await createUser(dovecot, 'follow');
    try {
      await appendMessages(
        dovecot,
        user,
        'Projects',
        generateMailbox(2, 34).map((message) => message.raw),
      );
      const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      expectOk(await engine.invoke('sync.watchFolder', { accountId: account.id, path: 'Projects' }));
      await appendMessages(
        dovecot,
        user,
        'Projects',
        generateMailbox(1, 35).map((message) => message.raw),
      );
      const key = folderKey(account.id, 'Projects');
      await waitFor('the pushed message in Projects', async () => (await engine.db.messages.get([key, 3])) !== undefined, 5000);
    } finally {
      await engine.dispose();
    }
  });
});

describe('connection dropped mid-FETCH', () => {
  it('resumes on a new connection with no gap and no batch fetched twice', async () => {
    const proxy = await FaultProxy.start(dovecot.tlsPort);
    const user = await createUser(dovecot, 'drop');
    await importMessages(
      dovecot,
      user,
      'INBOX',
      generateMailbox(800, 33).map((message) => message.raw),
    );
    const engine = await createTestEngine();
    try {
      const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user, { port: proxy.port })));
      // The sync connection dies a good way into the header stream, in the middle of a batch.
      proxy.cutNextConnectionAfter(300_000);
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      expect(proxy.connections).toBeGreaterThanOrEqual(3);

      const key = folderKey(account.id, 'INBOX');
      expect(await engine.db.messages.where('[folderKey+uid]').between([key, 0], [key, Infinity]).count()).toBe(800);
      const written = engine.cacheRequests.flatMap((request) =>
        request.op === 'apply' && request.delta.kind === 'messages' ? request.delta.upserts.map((message) => message.uid) : [],
      );
      expect(new Set(written).size).toBe(800);
      expect(written).toHaveLength(800);
      expect(await engine.db.folderStates.get(key)).toMatchObject({ uidNext: 801, completeDownTo: 1 });
    } finally {
      await engine.dispose();
      await proxy.close();
    }
  });
});
