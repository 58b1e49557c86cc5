import { describe, expect, inject, it } from 'vitest';
import { folderKey } from '../../shared/domain/folder';
import { parseQuery, type SearchQuery } from '../../shared/search/query';
import { appendMessages, createUser, doveadmMailbox } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk } from '../../e2e/support/engine-harness';
import { FaultProxy } from '../../e2e/support/fault-proxy';
import { makeMessage } from '../../e2e/support/messages';
import { searchLocal } from '../../renderer/src/cache/search';
import { toImapSearch } from './server-search';

const dovecot = inject('dovecot');

function query(text: string): SearchQuery {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.hint);
  return parsed.query;
}

const mail = (email: string, subject: string, text: string, hoursAgo: number) =>
  makeMessage({
    from: { name: 'Ada Lovelace', address: 'ada@kestrel.test' },
    to: [{ name: 'Tester', address: email }],
    subject,
    date: new Date(Date.UTC(2026, 0, 10) - hoursAgo * 3_600_000),
    text,
  });

describe('server search', () => {
  it('compiles every criterion into one IMAP SEARCH', () => {
    expect(toImapSearch(query('invoice "due date" from:ada -spam is:unread'))).toEqual({
      text: 'invoice',
      or: [{ text: 'due date', or: [{ from: 'ada', or: [{ not: { text: 'spam' }, or: [{ seen: false }] }] }] }],
    });
    expect(toImapSearch(query('has:attachment'))).toBeNull();
  });

  it('keeps to: when other criteria come with it, on a real server', async () => {
    const user = await createUser(dovecot, 'searchto');
    const to = (addresses: string[], subject: string) =>
      makeMessage({
        from: { name: 'Ada', address: 'ada@kestrel.test' },
        to: addresses.map((address) => ({ name: '', address })),
        subject,
        date: new Date(Date.UTC(2026, 0, 10)),
        text: 'x',
      });
    await appendMessages(dovecot, user, 'INBOX', [
      to(['bob@kestrel.test'], 'Budget'),
      to(['carol@kestrel.test'], 'Budget'),
      to(['bob@kestrel.test'], 'Lunch'),
      to(['bob@kestrel.test', 'carol@kestrel.test'], 'Budget again'),
    ]);
    const engine = await createTestEngine();
    try {
      const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      const hits = async (text: string): Promise<number[]> =>
        expectOk(await engine.invoke('search.server', { accountId: account.id, paths: ['INBOX'], query: query(text) })).hits[0]?.uids ?? [];
      expect(await hits('to:bob subject:budget')).toEqual([4, 1]);
      expect(await hits('to:bob to:carol')).toEqual([4]);
      expect(await hits('to:bob -lunch is:unread')).toEqual([4, 1]);
    } finally {
      await engine.dispose();
    }
  });

  it('leaves out hits from a folder whose UIDVALIDITY changed since the cache was filled', async () => {
    const user = await createUser(dovecot, 'searchvalidity');
    await appendMessages(dovecot, user, 'Box', [mail(user.email, 'Invoice old', 'x', 2)]);
    const engine = await createTestEngine();
    try {
      const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      // The folder is made again elsewhere: UID 1 names another message now.
      doveadmMailbox(dovecot, user, ['delete', 'Box']);
      doveadmMailbox(dovecot, user, ['create', 'Box']);
      await appendMessages(dovecot, user, 'Box', [mail(user.email, 'Invoice new', 'x', 1)]);
      const { hits } = expectOk(await engine.invoke('search.server', { accountId: account.id, paths: ['Box'], query: query('invoice') }));
      expect(hits).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });

  it('finds what the cache does not hold, fetches it, and merges with local results without duplicates', async () => {
    const user = await createUser(dovecot, 'search');
    await appendMessages(dovecot, user, 'INBOX', [
      mail(user.email, 'Invoice 1001', 'Please pay.', 5),
      mail(user.email, 'Lunch', `${'Words before it. '.repeat(40)}The invoice is late.`, 4),
    ]);
    const engine = await createTestEngine();
    try {
      const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      // Arrived after the sync: only the server knows it.
      await appendMessages(dovecot, user, 'INBOX', [mail(user.email, 'Invoice 1002', 'Second reminder.', 1)]);
      const scope = { kind: 'folder' as const, accountId: account.id, path: 'INBOX' };

      const local = await searchLocal(engine.db, query('invoice'), scope);
      expect(local.messages.map((row) => row.subject)).toEqual(['Invoice 1001']);
      const { hits } = expectOk(await engine.invoke('search.server', { accountId: account.id, paths: ['INBOX'], query: query('invoice') }));
      expect(hits).toEqual([{ path: 'INBOX', uids: [3, 2, 1] }]);
      // The hit the cache lacked is in it now; Lunch (the word is deep in its body, never cached) was found
      // by the server alone.
      const key = folderKey(account.id, 'INBOX');
      expect((await engine.db.messages.get([key, 3]))?.subject).toBe('Invoice 1002');
      const merged = new Map([...local.messages.map((row) => [row.uid, row] as const)]);
      for (const uid of hits[0]?.uids ?? []) {
        const row = await engine.db.messages.get([key, uid]);
        if (row !== undefined) merged.set(uid, row);
      }
      expect([...merged.keys()].sort()).toEqual([1, 2, 3]);
      expect((await engine.db.folderStates.get(key))?.uidNext).toBe(3);
    } finally {
      await engine.dispose();
    }
  });

  it('offline, local search still answers and the server search says why it did not', async () => {
    const user = await createUser(dovecot, 'searchoff');
    await appendMessages(dovecot, user, 'INBOX', [mail(user.email, 'Invoice 2001', 'Pay.', 2)]);
    const proxy = await FaultProxy.start(dovecot.tlsPort);
    const engine = await createTestEngine();
    try {
      const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user, { port: proxy.port })));
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      proxy.refuseNewConnections(true);
      proxy.dropAll();
      const local = await searchLocal(engine.db, query('invoice'), { kind: 'all', accountIds: [account.id] });
      expect(local.messages).toHaveLength(1);
      const server = await engine.invoke('search.server', { accountId: account.id, paths: ['INBOX'], query: query('invoice') });
      expect(server.ok ? null : server.error.code).toMatch(/HOST_UNREACHABLE|OFFLINE|TIMEOUT/);
    } finally {
      await engine.dispose();
      await proxy.close();
    }
  });
});
