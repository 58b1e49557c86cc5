import { describe, expect, inject, it } from 'vitest';
import { folderKey } from '../../shared/domain/folder';
import type { DovecotInfo, TestUser } from '../../e2e/support/dovecot';
import { appendMessages, createUser, doveadmMailbox, imapClientFor, importMessages } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import { generateMailbox } from '../../e2e/support/messages';
import { waitFor } from '../../e2e/support/wait';
import type { ServerQuirks } from '../imap/server-quirks';

type Snapshot = Record<number, string[]>;

async function serverSnapshot(info: DovecotInfo, user: TestUser, path: string): Promise<Snapshot> {
  const client = await imapClientFor(info, user);
  try {
    await client.mailboxOpen(path, { readOnly: true });
    const snapshot: Snapshot = {};
    if (client.mailbox === false || client.mailbox.exists === 0) return snapshot;
    for await (const message of client.fetch('1:*', { uid: true, flags: true })) {
      snapshot[message.uid] = [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort();
    }
    return snapshot;
  } finally {
    await client.logout();
  }
}

async function cacheSnapshot(engine: TestEngine, accountId: string, path: string): Promise<Snapshot> {
  const key = folderKey(accountId, path);
  const rows = await engine.db.messages.where('[folderKey+uid]').between([key, 0], [key, Infinity]).toArray();
  return Object.fromEntries(rows.map((row) => [row.uid, [...row.flags].sort()]));
}

function messagesDeltas(engine: TestEngine): number {
  return engine.cacheRequests.filter((request) => request.op === 'apply' && request.delta.kind === 'messages').length;
}

const tiers: Array<{ tier: string; server: () => DovecotInfo; quirks?: (host: string) => ServerQuirks }> = [
  { tier: 'QRESYNC', server: () => inject('dovecot') },
  { tier: 'CONDSTORE', server: () => inject('dovecot'), quirks: () => ({ avoidQresync: true }) },
  { tier: 'plain', server: () => inject('dovecotNoCondstore') },
];

describe.each(tiers)('resync on the $tier tier', ({ tier, server, quirks }) => {
  /** Commands the sync connection sent, for the tests that count them. */
  const commands: string[] = [];

  async function setUp(name: string): Promise<{ info: DovecotInfo; user: TestUser; engine: TestEngine; accountId: string }> {
    const info = server();
    const user = await createUser(info, name);
    commands.length = 0;
    const engine = await createTestEngine({
      engine: {
        ...(quirks === undefined ? {} : { quirks }),
        onCommand: (line, connection) => {
          if (connection === 'sync') commands.push(line);
        },
      },
    });
    const account = expectOk(await engine.invoke('accounts.add', draftFor(info, user)));
    return { info, user, engine, accountId: account.id };
  }

  it('applies mail added, flagged and expunged by another client, and equals the server after', async () => {
    const { info, user, engine, accountId } = await setUp('resync');
    try {
      await appendMessages(
        info,
        user,
        'INBOX',
        generateMailbox(20, 21).map((message) => message.raw),
      );
      expectOk(await engine.invoke('sync.account', { accountId }));

      const other = await imapClientFor(info, user);
      try {
        await other.mailboxOpen('INBOX');
        await other.messageFlagsAdd('1:3', ['\\Seen'], { uid: true });
        await other.messageFlagsAdd('5', ['\\Flagged', 'Project-X'], { uid: true });
        await other.messageFlagsRemove('1', ['\\Seen'], { uid: true });
        await other.messageDelete('6:7,20', { uid: true });
      } finally {
        await other.logout();
      }
      await appendMessages(
        info,
        user,
        'INBOX',
        generateMailbox(2, 22).map((message) => message.raw),
      );

      const report = expectOk(await engine.invoke('sync.account', { accountId }));
      expect(report.newMessages).toBe(2);
      const server = await serverSnapshot(info, user, 'INBOX');
      expect(Object.keys(server)).toHaveLength(19);
      expect(await cacheSnapshot(engine, accountId, 'INBOX')).toEqual(server);
      expect(await engine.db.folderStates.get(folderKey(accountId, 'INBOX'))).toMatchObject({ uidNext: 23, messageCount: 19 });
    } finally {
      await engine.dispose();
    }
  });

  it(`writes nothing when nothing changed${tier === 'plain' ? ' but flags it must re-read' : ''}`, async () => {
    const { info, user, engine, accountId } = await setUp('nochange');
    try {
      await appendMessages(
        info,
        user,
        'INBOX',
        generateMailbox(5, 23).map((message) => message.raw),
      );
      expectOk(await engine.invoke('sync.account', { accountId }));
      engine.cacheRequests.length = 0;
      commands.length = 0;
      expectOk(await engine.invoke('sync.account', { accountId }));
      // With a modseq, STATUS alone shows every folder unchanged: no SELECT, no FETCH, no write.
      expect(messagesDeltas(engine)).toBe(tier === 'plain' ? 1 : 0);
      const opened = commands.filter((line) => /^\S+ (SELECT|EXAMINE|UID FETCH|FETCH) /i.test(line));
      if (tier === 'plain') expect(opened.length).toBeGreaterThan(0);
      else expect(opened).toEqual([]);
      expect(await cacheSnapshot(engine, accountId, 'INBOX')).toEqual(await serverSnapshot(info, user, 'INBOX'));
    } finally {
      await engine.dispose();
    }
  });

  it('keeps every command line near 8 KB on a folder whose UIDs are sparse, and equals the server', async () => {
    const { info, user, engine, accountId } = await setUp('sparse');
    try {
      await importMessages(
        info,
        user,
        'INBOX',
        generateMailbox(4400, 24).map((message) => message.raw),
      );
      // Every other message gone: no UID set can be written as ranges any more.
      const other = await imapClientFor(info, user);
      try {
        await other.mailboxOpen('INBOX');
        const even = Array.from({ length: 2200 }, (_, index) => 2 * (index + 1));
        for (let offset = 0; offset < even.length; offset += 500)
          await other.messageDelete(even.slice(offset, offset + 500).join(','), { uid: true });
      } finally {
        await other.logout();
      }
      expectOk(await engine.invoke('sync.account', { accountId }));
      expectOk(await engine.invoke('sync.account', { accountId }));
      // RFC 7162 asks for about 8,192 octets; Exchange refuses more than 10,240 by default.
      expect(Math.max(...commands.map((line) => line.length))).toBeLessThanOrEqual(8192);
      expect(await cacheSnapshot(engine, accountId, 'INBOX')).toEqual(await serverSnapshot(info, user, 'INBOX'));
    } finally {
      await engine.dispose();
    }
  });

  it('throws a folder away and syncs it anew when its UIDVALIDITY changes', async () => {
    const { info, user, engine, accountId } = await setUp('uidvalidity');
    try {
      await appendMessages(
        info,
        user,
        'Projects',
        generateMailbox(4, 24).map((message) => message.raw),
      );
      expectOk(await engine.invoke('sync.account', { accountId }));
      const before = await engine.db.folderStates.get(folderKey(accountId, 'Projects'));
      expect(Object.keys(await cacheSnapshot(engine, accountId, 'Projects'))).toHaveLength(4);

      doveadmMailbox(info, user, ['delete', 'Projects']);
      doveadmMailbox(info, user, ['create', 'Projects']);
      // Dovecot derives UIDVALIDITY from the clock: a folder re-created in the same second could get the
      // old value back, which is exactly what a server must never do with reused UIDs.
      doveadmMailbox(info, user, ['update', '--uid-validity', String((before?.uidValidity ?? 0) + 1000), 'Projects']);
      await appendMessages(
        info,
        user,
        'Projects',
        generateMailbox(2, 25).map((message) => message.raw),
      );
      expectOk(await engine.invoke('sync.account', { accountId }));

      const after = await engine.db.folderStates.get(folderKey(accountId, 'Projects'));
      expect(after?.uidValidity).not.toBe(before?.uidValidity);
      expect(await cacheSnapshot(engine, accountId, 'Projects')).toEqual(await serverSnapshot(info, user, 'Projects'));
      expect(Object.keys(await cacheSnapshot(engine, accountId, 'Projects'))).toHaveLength(2);
    } finally {
      await engine.dispose();
    }
  });

  it('follows folders renamed and deleted by another client', async () => {
    const { info, user, engine, accountId } = await setUp('folders');
    try {
      await appendMessages(
        info,
        user,
        'Clients',
        generateMailbox(3, 26).map((message) => message.raw),
      );
      await appendMessages(
        info,
        user,
        'Old',
        generateMailbox(2, 27).map((message) => message.raw),
      );
      expectOk(await engine.invoke('sync.account', { accountId }));

      const other = await imapClientFor(info, user);
      try {
        await other.mailboxRename('Clients', 'Customers');
        await other.mailboxDelete('Old');
      } finally {
        await other.logout();
      }
      expectOk(await engine.invoke('sync.account', { accountId }));

      const paths = (await engine.db.folders.where('accountId').equals(accountId).toArray()).map((folder) => folder.path);
      expect(paths).toContain('Customers');
      expect(paths).not.toContain('Clients');
      expect(paths).not.toContain('Old');
      expect(Object.keys(await cacheSnapshot(engine, accountId, 'Customers'))).toHaveLength(3);
      expect(await cacheSnapshot(engine, accountId, 'Clients')).toEqual({});
      expect(await cacheSnapshot(engine, accountId, 'Old')).toEqual({});
    } finally {
      await engine.dispose();
    }
  });
});

describe('background work on a server without CONDSTORE', () => {
  it('skips quiet folders, reads only the newest flags when mail comes, and every flag when the user syncs', async () => {
    const info = inject('dovecotNoCondstore');
    const user = await createUser(info, 'flagpass');
    const commands: string[] = [];
    const engine = await createTestEngine({
      engine: {
        pollIntervalMs: 200,
        flagPasses: { recentMessages: 5, fullPassEveryMs: 10 * 60_000 },
        onCommand: (line, connection) => {
          if (connection === 'sync') commands.push(line);
        },
      },
    });
    try {
      const { id: accountId } = expectOk(await engine.invoke('accounts.add', draftFor(info, user)));
      await appendMessages(
        info,
        user,
        'INBOX',
        generateMailbox(20, 28).map((message) => message.raw),
      );
      expectOk(await engine.invoke('sync.account', { accountId }));
      const flagged = async (uid: number): Promise<boolean> => (await cacheSnapshot(engine, accountId, 'INBOX'))[uid]?.includes('\\Flagged') === true;

      const other = await imapClientFor(info, user);
      try {
        await other.mailboxOpen('INBOX');
        await other.messageFlagsAdd('2,19', ['\\Flagged'], { uid: true });
      } finally {
        await other.logout();
      }
      // Two polls with no mail come or gone: LIST-STATUS only, no folder opened.
      const before = commands.length;
      const lists = (): number => commands.slice(before).filter((line) => / LIST /.test(line)).length;
      await waitFor('two polls', () => lists() >= 2, 10_000);
      expect(commands.slice(before).filter((line) => /^\S+ (SELECT|EXAMINE|UID FETCH) /i.test(line))).toEqual([]);
      expect(await flagged(19)).toBe(false);

      // New mail: the folder is synced, and the flags of its newest five known messages read again.
      await appendMessages(
        info,
        user,
        'INBOX',
        generateMailbox(1, 29).map((message) => message.raw),
      );
      await waitFor('the poll to bring the new message', async () => (await cacheSnapshot(engine, accountId, 'INBOX'))[21] !== undefined, 10_000);
      expect(await flagged(19)).toBe(true);
      expect(await flagged(2)).toBe(false);

      expectOk(await engine.invoke('sync.account', { accountId }));
      expect(await flagged(2)).toBe(true);
    } finally {
      await engine.dispose();
    }
  });
});
