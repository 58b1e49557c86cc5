import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FolderSyncState } from '../../shared/cache/delta';
import type { AccountSummary } from '../../shared/domain/account';
import { folderKey } from '../../shared/domain/folder';
import type { AccountStatus } from '../../shared/ipc/contract';
import type { AppError, ErrorCode } from '../../shared/ipc/result';
import { appendMessages, createUser, type TestUser } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import {
  startHostileImapServer,
  type HostileConnection,
  type HostileImapOptions,
  type HostileImapServer,
  type ImapCommand,
} from '../../e2e/support/hostile-imap-server';
import { makeMessage } from '../../e2e/support/messages';
import { MailActions } from '../../renderer/src/cache/mail-actions';
import type { EngineOptions } from './engine';
import { rememberTestSecret } from '../../e2e/support/secret-scan';
import { waitFor } from '../../e2e/support/wait';

const dovecot = inject('dovecot');
const testCa = inject('testCa');

/**
 * Short, so that a hung server is found dead within the test; long enough that the Dovecot account (which
 * shares the engine, and so the timeout) never trips it on a busy machine.
 */
const SILENCE_TIMEOUT_MS = 3000;
/** A sync that has not ended by then hangs. */
const SYNC_DEADLINE_MS = 30_000;
/** Far above what the engine's limits let a server make it hold (imapLimits: 16 MiB lines and literals). */
const RSS_GROWTH_BOUND = 160 * 1024 * 1024;
const MAX_UID = 2 ** 32 - 1;

/** Bytes that look like nothing IMAP ever sent, the same on every run (a linear congruential generator). */
function garbage(length: number, seed = 7): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    bytes[index] = state >>> 16;
  }
  return bytes;
}

/** Misbehaves at the header FETCH (what a sync asks after SELECT and SEARCH); answers the rest well. */
function onHeaderFetch(act: (command: ImapCommand, connection: HostileConnection) => void): HostileImapOptions['misbehave'] {
  return (command, connection) => {
    if (command.name !== 'UID FETCH' || command.args.includes('BODY.PEEK')) return false;
    act(command, connection);
    return true;
  };
}

interface Scenario {
  name: string;
  options: HostileImapOptions;
  /** The error the sync ends with, as the UI shows it; none: the server's nonsense is ignored, not fatal. */
  fails?: ErrorCode | ErrorCode[];
  /** The UIDs the cache holds afterwards, when the sync succeeds. */
  cached?: number[];
  /** Checks memory while the sync runs. */
  flood?: true;
}

const scenarios: Scenario[] = [
  {
    name: 'binary garbage instead of the FETCH response',
    // Garbage that never completes a response leaves the command waiting: the silence timeout ends it.
    fails: ['TIMEOUT', 'SERVER_ERROR'],
    options: {
      misbehave: onHeaderFetch((_command, connection) => {
        connection.write(garbage(64 * 1024));
      }),
    },
  },
  {
    name: 'a literal announced as {5000} and cut short, the socket left open',
    fails: 'TIMEOUT',
    options: {
      misbehave: onHeaderFetch((_command, connection) => {
        connection.write(`* 1 FETCH (UID 3 RFC822.HEADER {5000}\r\n${'x'.repeat(100)}`);
      }),
    },
  },
  {
    name: 'a literal of {4294967295} bytes',
    fails: 'SERVER_ERROR',
    flood: true,
    options: {
      misbehave: onHeaderFetch((_command, connection) => {
        connection.write('* 1 FETCH (UID 3 RFC822.HEADER {4294967295}\r\n');
        connection.flood(Buffer.alloc(64 * 1024, 'a'));
      }),
    },
  },
  {
    name: 'a 200 MB body, really sent',
    fails: 'SERVER_ERROR',
    flood: true,
    options: {
      misbehave: onHeaderFetch((_command, connection) => {
        connection.write(`* 1 FETCH (UID 3 BODY[] {${200 * 1024 * 1024}}\r\n`);
        connection.flood(Buffer.alloc(64 * 1024, 'b'));
      }),
    },
  },
  {
    name: 'a response line that never ends',
    fails: 'SERVER_ERROR',
    flood: true,
    options: {
      misbehave: onHeaderFetch((_command, connection) => {
        connection.write('* 1 FETCH (UID 3 FLAGS (');
        connection.flood(Buffer.alloc(64 * 1024, 'c'));
      }),
    },
  },
  {
    name: 'an untagged BYE in the middle of a FETCH',
    fails: 'HOST_UNREACHABLE',
    options: {
      misbehave: onHeaderFetch((_command, connection) => {
        connection.write(`${connection.fetchLine(3, 3)}* BYE going away\r\n`);
      }),
    },
  },
  {
    name: 'a tagged answer with a tag never sent',
    // The command's own answer never comes: the silence timeout ends it.
    fails: 'TIMEOUT',
    options: {
      misbehave: onHeaderFetch((_command, connection) => {
        connection.write(`${connection.fetchLine(3, 3)}ZZZ999 OK fetched\r\n`);
      }),
    },
  },
  {
    name: 'untagged OK lines without end instead of an answer',
    flood: true,
    fails: 'SERVER_ERROR',
    options: {
      misbehave: onHeaderFetch((_command, connection) => {
        connection.flood(Buffer.from('* OK still working on it\r\n'.repeat(1000)));
      }),
    },
  },
  {
    name: 'a LIST that never ends',
    flood: true,
    fails: 'SERVER_ERROR',
    options: {
      misbehave: (command, connection) => {
        // The folder tree the sync asks for, not the LIST "" "" imapflow sends on connecting.
        if (command.name !== 'LIST' || !command.args.includes('*')) return false;
        const lines = Array.from({ length: 1000 }, (_, index) => `* LIST (\\HasNoChildren) "/" "Folder ${String(index)}"\r\n`);
        connection.flood(Buffer.from(lines.join('')));
        return true;
      },
    },
  },
  {
    name: 'a SEARCH answer that never ends',
    flood: true,
    fails: 'SERVER_ERROR',
    options: {
      misbehave: (command, connection) => {
        if (command.name !== 'UID SEARCH') return false;
        connection.flood(Buffer.from('* SEARCH 1 2 3\r\n'.repeat(1000)));
        return true;
      },
    },
  },
  { name: 'UIDVALIDITY 0', fails: 'SERVER_ERROR', options: { folder: { uidValidity: '0' } } },
  { name: 'UIDVALIDITY above 2^32', fails: 'SERVER_ERROR', options: { folder: { uidValidity: String(2 ** 33) } } },
  { name: 'a UIDVALIDITY that is no number', fails: 'SERVER_ERROR', options: { folder: { uidValidity: 'abc' } } },
  {
    name: 'UIDNEXT below the UIDs the folder holds',
    fails: 'SERVER_ERROR',
    options: { folder: { uids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], uidNext: '5' } },
  },
  { name: 'UIDNEXT 0', fails: 'SERVER_ERROR', options: { folder: { uidNext: '0' } } },
  { name: 'EXISTS of 2^53', fails: 'SERVER_ERROR', options: { folder: { exists: String(2 ** 53) } } },
  { name: 'more messages than UIDs below UIDNEXT', fails: 'SERVER_ERROR', options: { folder: { exists: '4000' } } },
  {
    name: 'a HIGHESTMODSEQ above 2^63 - 1',
    fails: 'SERVER_ERROR',
    options: { capabilities: ['ENABLE', 'CONDSTORE'], folder: { highestModseq: '9999999999999999999' } },
  },
  {
    name: 'negative, zero, oversized and non-numeric UIDs in SEARCH and FETCH',
    cached: [1, 3],
    options: {
      misbehave: (command, connection) => {
        if (command.name === 'UID SEARCH') {
          connection.write(`* SEARCH 1 -2 abc 0 3 4294967296 1.5\r\n${command.tag} OK searched\r\n`);
          return true;
        }
        if (command.name !== 'UID FETCH' || command.args.includes('BODY.PEEK')) return false;
        const lines = [1, 3, -2, 'abc', 0, 4294967296, '1e3'].map((uid, index) => connection.fetchLine(index + 1, uid));
        connection.write(`${lines.join('')}${command.tag} OK fetched\r\n`);
        return true;
      },
    },
  },
  {
    name: 'FETCH responses for UIDs never asked for',
    cached: [1, 2, 3],
    options: {
      misbehave: (command, connection) => {
        if (command.name !== 'UID FETCH' || command.args.includes('BODY.PEEK')) return false;
        connection.write(connection.fetchLine(9, 777) + connection.fetchLine(10, 2));
        connection.answer(command);
        return true;
      },
    },
  },
];

describe('a hostile IMAP server next to a real Dovecot', () => {
  const unhandled: unknown[] = [];
  const collect = (reason: unknown): void => {
    unhandled.push(reason);
  };
  let engine: TestEngine | undefined;
  let server: HostileImapServer | undefined;

  beforeAll(() => {
    process.on('unhandledRejection', collect);
    process.on('uncaughtException', collect);
  });

  afterAll(() => {
    process.off('unhandledRejection', collect);
    process.off('uncaughtException', collect);
  });

  afterEach(async () => {
    // The server first: a connection it leaves hanging would hold up the engine's polite LOGOUT.
    await server?.close();
    await engine?.dispose();
    server = undefined;
    engine = undefined;
  });

  interface Setup {
    engine: TestEngine;
    server: HostileImapServer;
    user: TestUser;
    good: AccountSummary;
    hostile: AccountSummary;
  }

  async function setUp(options: HostileImapOptions, push = false, engineOptions: EngineOptions = {}): Promise<Setup> {
    engine = await createTestEngine({ engine: { silenceTimeoutMs: SILENCE_TIMEOUT_MS, push, ...engineOptions } });
    server = await startHostileImapServer(testCa, options);
    const user = await createUser(dovecot, 'hostile-neighbour');
    const good = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
    const password = randomBytes(12).toString('base64url');
    rememberTestSecret(password);
    const hostile = expectOk(
      await engine.invoke('accounts.add', {
        displayName: 'Hostile',
        email: 'victim@hostile.test',
        host: '127.0.0.1',
        port: server.port,
        security: 'tls',
        username: 'victim',
        password,
      }),
    );
    return { engine, server, user, good, hostile };
  }

  async function deliver(user: TestUser, subject: string): Promise<void> {
    await appendMessages(dovecot, user, 'INBOX', [
      makeMessage({
        from: { name: 'Ada', address: 'ada@kestrel.test' },
        to: [{ name: '', address: user.email }],
        subject,
        date: new Date(),
        text: subject,
      }),
    ]);
  }

  async function subjects(engine: TestEngine, accountId: string): Promise<string[]> {
    const key = folderKey(accountId, 'INBOX');
    const rows = await engine.db.messages.where('[folderKey+uid]').between([key, 0], [key, Infinity]).toArray();
    return rows.map((row) => row.subject).sort();
  }

  async function cachedUids(engine: TestEngine, accountId: string): Promise<number[]> {
    const key = folderKey(accountId, 'INBOX');
    return (await engine.db.messages.where('[folderKey+uid]').between([key, -Infinity], [key, Infinity]).toArray()).map((row) => row.uid);
  }

  function lastStatus(engine: TestEngine, accountId: string): AccountStatus | undefined {
    return engine.events.flatMap((event) => (event.type === 'status' && event.status.accountId === accountId ? [event.status] : [])).at(-1);
  }

  /** Samples the process's resident memory until stopped; returns the growth over the first sample. */
  function watchMemory(): () => number {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    return () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) - baseline;
    };
  }

  function expectShowableError(error: AppError, codes: readonly ErrorCode[]): void {
    expect(codes).toContain(error.code);
    expect(error.message.length).toBeGreaterThan(10);
  }

  it.each(scenarios)('$name: the account reports it, the Dovecot account syncs on', async (scenario) => {
    const { engine, server, user, good, hostile } = await setUp(scenario.options);

    await deliver(user, 'Before');
    expectOk(await engine.invoke('sync.account', { accountId: good.id }));

    const memory = scenario.flood === true ? watchMemory() : null;
    const hostileSync = engine.invoke('sync.account', { accountId: hostile.id });
    // While the hostile account's sync runs (or hangs), the other one syncs as if nothing happened.
    await deliver(user, 'During');
    expectOk(await engine.invoke('sync.account', { accountId: good.id }));
    expect(await subjects(engine, good.id)).toEqual(['Before', 'During']);

    let settled = false;
    const finished = hostileSync.finally(() => {
      settled = true;
    });
    await waitFor('the hostile account’s sync to end', () => settled, SYNC_DEADLINE_MS);
    const result = await finished;
    const growth = memory?.() ?? 0;
    expect(growth).toBeLessThan(RSS_GROWTH_BOUND);

    const uids = await cachedUids(engine, hostile.id);
    for (const uid of uids) expect(Number.isInteger(uid) && uid >= 1 && uid <= MAX_UID && server.folder.uids.includes(uid)).toBe(true);

    // The account's own sign-in check, then one sync connection: a server that hangs or sends what cannot be
    // read is not tried again at once (only a dropped connection is).
    const notRetried = scenario.fails !== undefined && [scenario.fails].flat().every((code) => code === 'TIMEOUT' || code === 'SERVER_ERROR');
    if (notRetried) expect(server.connections()).toBe(2);
    if (scenario.fails === undefined) {
      expect(result.ok).toBe(true);
      expect(uids.sort((a, b) => a - b)).toEqual(scenario.cached);
      expect(lastStatus(engine, hostile.id)?.state).toBe('idle');
    } else {
      const codes = [scenario.fails].flat();
      expect(result.ok).toBe(false);
      if (!result.ok) expectShowableError(result.error, codes);
      const status = lastStatus(engine, hostile.id);
      expect(['error', 'offline']).toContain(status?.state);
      expect(status?.error).toBeDefined();
      if (status?.error !== undefined) expectShowableError(status.error, codes);
      // Nothing the server said made it into the folder's state: its first sync never completed.
      expect(await engine.db.folderStates.get(folderKey(hostile.id, 'INBOX'))).toBeUndefined();
    }

    await deliver(user, 'After');
    expectOk(await engine.invoke('sync.account', { accountId: good.id }));
    expect(await subjects(engine, good.id)).toEqual(['After', 'Before', 'During']);
    expect(unhandled).toEqual([]);
  });

  it('a message body announced as 200 MB and really sent: that message fails, memory stays bounded, the account syncs on', async () => {
    const { engine, server, good, hostile } = await setUp({});
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    server.misbehave = (command, connection) => {
      if (command.name !== 'UID FETCH' || !command.args.includes('BODY.PEEK')) return false;
      connection.write(`* 3 FETCH (UID 3 BODY[1] {${200 * 1024 * 1024}}\r\n`);
      connection.flood(Buffer.alloc(64 * 1024, 'd'));
      return true;
    };
    const memory = watchMemory();
    const result = await engine.invoke('messages.fetchBody', await engine.messageRef(hostile.id, 'INBOX', 3));
    expect(memory()).toBeLessThan(RSS_GROWTH_BOUND);
    expect(result.ok).toBe(false);
    if (!result.ok) expectShowableError(result.error, ['SERVER_ERROR']);
    expect(await engine.db.bodies.count()).toBe(0);

    server.misbehave = undefined;
    expectOk(await engine.invoke('messages.fetchBody', await engine.messageRef(hostile.id, 'INBOX', 3)));
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    expectOk(await engine.invoke('sync.account', { accountId: good.id }));
    expect(unhandled).toEqual([]);
  });

  it('an IDLE answered with a literal of {4294967295}: the watcher reconnects with backoff, Dovecot still pushes', async () => {
    const idles: number[] = [];
    const { engine, user, good, hostile } = await setUp(
      {
        capabilities: ['IDLE'],
        misbehave: (command, connection) => {
          if (command.name !== 'IDLE') return false;
          idles.push(Date.now());
          connection.write('* 1 FETCH (UID 3 BODY[] {4294967295}\r\n');
          return true;
        },
      },
      true,
    );
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    expectOk(await engine.invoke('sync.account', { accountId: good.id }));
    await deliver(user, 'Pushed');
    await waitFor('mail pushed to the Dovecot account', async () => (await subjects(engine, good.id)).includes('Pushed'), SYNC_DEADLINE_MS);
    await waitFor('the hostile account’s watcher to try IDLE four times', () => idles.length >= 4, SYNC_DEADLINE_MS);
    // Backoff from one second, doubling, with jitter down to half: a tight loop would take milliseconds.
    expect((idles[3] ?? 0) - (idles[0] ?? 0)).toBeGreaterThan(3000);
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 2, 3]);
    expect(unhandled).toEqual([]);
  });

  it('impossible numbers in one folder leave that folder alone, and the account’s other folders still sync', async () => {
    let selected = 'INBOX';
    const { engine, hostile } = await setUp({
      folder: { uidValidity: 'abc' },
      misbehave: (command, connection) => {
        const healthy = '(MESSAGES 2 UIDNEXT 3 UIDVALIDITY 7)';
        if (command.name === 'LIST' && command.args.includes('*')) {
          const status = command.args.toUpperCase().includes('RETURN')
            ? `* STATUS Work ${healthy}\r\n* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1)\r\n`
            : '';
          connection.write(`* LIST (\\HasNoChildren) "/" INBOX\r\n* LIST (\\HasNoChildren) "/" Work\r\n${status}${command.tag} OK listed\r\n`);
          return true;
        }
        if (command.name === 'SELECT' || command.name === 'EXAMINE') selected = command.args.replace(/"/g, '');
        // imapflow files Work under the INBOX/ prefix this server's LIST "" "" suggests.
        if (!selected.endsWith('Work')) return false;
        if (command.name === 'SELECT' || command.name === 'EXAMINE') {
          connection.write(`* 2 EXISTS\r\n* OK [UIDVALIDITY 7] uids\r\n* OK [UIDNEXT 3] next\r\n${command.tag} OK [READ-ONLY] selected\r\n`);
          return true;
        }
        if (command.name === 'UID SEARCH') {
          connection.write(`* SEARCH 1 2\r\n${command.tag} OK searched\r\n`);
          return true;
        }
        if (command.name === 'UID FETCH' && !command.args.includes('BODY.PEEK')) {
          connection.write(`${connection.fetchLine(1, 1)}${connection.fetchLine(2, 2)}${command.tag} OK fetched\r\n`);
          return true;
        }
        return false;
      },
    });
    const result = await engine.invoke('sync.account', { accountId: hostile.id });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/impossible numbers for the folder “INBOX”/);
    expect(await engine.db.folderStates.get(folderKey(hostile.id, 'INBOX'))).toBeUndefined();
    const work = folderKey(
      hostile.id,
      (await engine.db.folders.where('accountId').equals(hostile.id).toArray()).find((folder) => folder.name === 'Work')?.path ?? 'Work',
    );
    expect((await engine.db.messages.where('[folderKey+uid]').between([work, 0], [work, MAX_UID]).toArray()).map((row) => row.uid)).toEqual([1, 2]);
    expect(unhandled).toEqual([]);
  });

  it('a SELECT without UIDNEXT (as Winmail and 163.com send it): the highest UID stands in, mail syncs and resyncs', async () => {
    // The scenario reads the server's folder as it is now: the `server` that setUp assigns.
    const {
      engine,
      hostile,
      server: hostileServer,
    } = await setUp({
      folder: { uids: [1, 2, 3], uidNext: '4' },
      misbehave: (command, connection) => {
        const folder = server?.folder;
        if (folder === undefined) return false;
        if (command.name === 'SELECT' || command.name === 'EXAMINE') {
          connection.write(
            `* ${String(folder.uids.length)} EXISTS\r\n* OK [UIDVALIDITY ${folder.uidValidity}] uids\r\n${command.tag} OK [READ-ONLY] selected\r\n`,
          );
          return true;
        }
        // The last message by its sequence number (imapflow writes `*` as the count SELECT gave).
        if (command.name === 'FETCH') {
          const seq = Number(command.args.split(' ')[0]);
          connection.write(`${connection.fetchLine(seq, folder.uids[seq - 1] ?? 0)}${command.tag} OK fetched\r\n`);
          return true;
        }
        return false;
      },
    });
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 2, 3]);
    expect((await engine.db.folderStates.get(folderKey(hostile.id, 'INBOX')))?.uidNext).toBe(4);

    // The newest message gone and two new ones: the stand-in never goes below what was reached.
    hostileServer.folder = { ...hostileServer.folder, uids: [1, 2, 4, 5] };
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 2, 4, 5]);
    hostileServer.folder = { ...hostileServer.folder, uids: [1, 2, 4] };
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 2, 4]);
    expect(unhandled).toEqual([]);
  });

  it('a UID SEARCH that answers nothing (as broken ESEARCH replies read) neither skips mail nor expunges it', async () => {
    const emptySearch: HostileImapOptions['misbehave'] = (command, connection) => {
      if (command.name !== 'UID SEARCH') return false;
      connection.write(`* SEARCH\r\n${command.tag} OK searched\r\n`);
      return true;
    };
    const { engine, server, hostile } = await setUp({ folder: { uids: [1, 2, 3], uidNext: '4' }, misbehave: emptySearch });
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 2, 3]);

    // New mail, and one message gone: the counts differ, so the plain tier compares UID lists.
    server.folder = { ...server.folder, uids: [1, 3, 4, 5], uidNext: '6' };
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 3, 4, 5]);
    expect(unhandled).toEqual([]);
  });

  it('a folder the server will not open for now (NO [UNAVAILABLE], no STATUS) keeps its cached mail', async () => {
    const { engine, server, hostile } = await setUp({ folder: { uids: [1, 2, 3], uidNext: '4' } });
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    const before: FolderSyncState | undefined = await engine.db.folderStates.get(folderKey(hostile.id, 'INBOX'));

    server.folder = { ...server.folder, uids: [1, 2, 3, 4], uidNext: '5' };
    server.misbehave = (command, connection) => {
      // RFC 5819 lets LIST-STATUS leave out a folder's STATUS when the server cannot answer it: here
      // INBOX's, while another folder's comes. The folder stays listed when imapflow asks again.
      if (command.name === 'LIST' && (command.args.includes('*') || command.args.endsWith('"INBOX"'))) {
        const status = command.args.includes('*') ? '* STATUS Work (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 9)\r\n' : '';
        connection.write(`* LIST (\\HasNoChildren) "/" INBOX\r\n* LIST (\\HasNoChildren) "/" Work\r\n${status}${command.tag} OK listed\r\n`);
        return true;
      }
      if (command.name === 'STATUS' || command.name === 'SELECT' || command.name === 'EXAMINE') {
        connection.write(`${command.tag} NO [UNAVAILABLE] Try again later\r\n`);
        return true;
      }
      return false;
    };
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 2, 3]);
    expect(await engine.db.folderStates.get(folderKey(hostile.id, 'INBOX'))).toEqual(before);

    // A NO without a reason, and STATUS throttled: nothing says only the name is left.
    const unavailable = server.misbehave;
    server.misbehave = (command, connection) => {
      if (command.name === 'SELECT' || command.name === 'EXAMINE') {
        connection.write(`${command.tag} NO Try again later\r\n`);
        return true;
      }
      if (command.name === 'STATUS') {
        connection.write(`${command.tag} BAD Request is throttled. Suggested Backoff Time: 92 milliseconds\r\n`);
        return true;
      }
      return unavailable(command, connection);
    };
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 2, 3]);

    server.misbehave = undefined;
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 2, 3, 4]);
    expect(unhandled).toEqual([]);
  });

  it('one folder’s impossible numbers fail the sync, yet push on INBOX starts as after any other sync', async () => {
    let selected = 'INBOX';
    const { engine, server, hostile } = await setUp(
      {
        folder: { uids: [1, 2, 3], uidNext: '4' },
        capabilities: ['IDLE'],
        misbehave: (command, connection) => {
          if (command.name === 'LIST' && command.args.includes('*')) {
            const status = command.args.toUpperCase().includes('RETURN')
              ? `* STATUS Work (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 7)\r\n* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1)\r\n`
              : '';
            connection.write(`* LIST (\\HasNoChildren) "/" INBOX\r\n* LIST (\\HasNoChildren) "/" Work\r\n${status}${command.tag} OK listed\r\n`);
            return true;
          }
          if (command.name === 'SELECT' || command.name === 'EXAMINE') selected = command.args.replace(/"/g, '');
          if ((command.name === 'SELECT' || command.name === 'EXAMINE') && selected.endsWith('Work')) {
            connection.write(`* 2 EXISTS\r\n* OK [UIDVALIDITY 0] impossible\r\n* OK [UIDNEXT 3] next\r\n${command.tag} OK [READ-ONLY] selected\r\n`);
            return true;
          }
          return false;
        },
      },
      true,
    );
    const result = await engine.invoke('sync.account', { accountId: hostile.id });
    expect(result.ok).toBe(false);
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 2, 3]);
    await waitFor('the push watcher idling on INBOX', () => server.commands.some((command) => command.name === 'IDLE'), 10_000);
    expect(unhandled).toEqual([]);
  });

  it('a change the server keeps refusing for no reason (BAD) waits while mail syncs, then is given up and undone', async () => {
    const { engine, hostile } = await setUp({ folder: { uids: [1, 2, 3], uidNext: '4' } }, false, { refusalPatience: { attempts: 2, forMs: 0 } });
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    // This server answers UID STORE with BAD, as Microsoft 365 answers a throttled session.
    await new MailActions(engine.db).setFlags({ accountId: hostile.id, path: 'INBOX', uids: [1] }, ['\\Flagged'], []);
    expect(expectOk(await engine.invoke('operations.replay', { accountId: hostile.id })).remaining).toBe(1);
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));

    expect(expectOk(await engine.invoke('operations.replay', { accountId: hostile.id })).remaining).toBe(0);
    const [operation] = await engine.db.operations.toArray();
    expect(operation?.state).toBe('failed');
    expect(operation?.error?.message).toMatch(/kept refusing it .*The change was undone/);
    const row = await engine.db.messages.get([folderKey(hostile.id, 'INBOX'), 1]);
    expect(row?.flags).not.toContain('\\Flagged');
    expect(unhandled).toEqual([]);
  });

  it('a UIDNEXT that goes backwards under the same UIDVALIDITY leaves the cached folder as it was', async () => {
    const { engine, server, good, hostile } = await setUp({ folder: { uids: [1, 2, 3], uidNext: '4' } });
    expectOk(await engine.invoke('sync.account', { accountId: hostile.id }));
    const before: FolderSyncState | undefined = await engine.db.folderStates.get(folderKey(hostile.id, 'INBOX'));
    expect(before?.uidNext).toBe(4);

    server.folder = { ...server.folder, uids: [1], uidNext: '2' };
    const result = await engine.invoke('sync.account', { accountId: hostile.id });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('SERVER_ERROR');
    expect(await engine.db.folderStates.get(folderKey(hostile.id, 'INBOX'))).toEqual(before);
    expect(await cachedUids(engine, hostile.id)).toEqual([1, 2, 3]);

    expectOk(await engine.invoke('sync.account', { accountId: good.id }));
    expect(unhandled).toEqual([]);
  });
});
