import { performance } from 'node:perf_hooks';
import type { DovecotInfo, TestUser } from '../support/dovecot';
import { imapClientFor } from '../support/dovecot';
import { createTestEngine, draftFor, expectOk } from '../support/engine-harness';
import { generateMailbox } from '../support/messages';
import { waitFor } from '../support/wait';
import { figure, percentile, printFigure } from './figures';
import { LARGE_MESSAGES } from './large-message';
import { busySecondsSince, cores, sampleCpu } from './machine-cpu';
import { CacheThread } from '../support/cache-thread';
import { folderKey } from '../../shared/domain/folder';

/**
 * The engine's figures, measured in one Node process: the sync engine and the renderer's cache writer
 * over fake-indexeddb (the same code as the app, with an in-process transport instead of IPC). The
 * initial sync's figure has the writer on a worker thread; the rest on the engine's own.
 * Run by run.ts, which starts Dovecot and hands over the CA through NODE_EXTRA_CA_CERTS.
 */
interface BenchInput {
  info: DovecotInfo;
  bigUser: TestUser;
  pushUser: TestUser;
  messages: number;
}

const { info, bigUser, pushUser, messages } = JSON.parse(process.env.KESTREL_BENCH_INPUT ?? '{}') as BenchInput;
const headerQuery = { uid: true, envelope: true, flags: true, size: true, internalDate: true, bodyStructure: true } as const;

async function bareFetchMs(): Promise<number> {
  const client = await imapClientFor(info, bigUser);
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const start = performance.now();
    let count = 0;
    for await (const message of client.fetch('1:*', headerQuery, { uid: true })) if (message.uid > 0) count += 1;
    if (count !== messages + LARGE_MESSAGES) throw new Error(`bare fetch saw ${count} messages`);
    return performance.now() - start;
  } finally {
    await client.logout();
  }
}

function sampleRss(): { stop: () => number } {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return (Math.max(peak, process.memoryUsage.rss()) - start) / (1024 * 1024);
    },
  };
}

async function main(): Promise<void> {
  // Dovecot builds its cache file on the first FETCH of each field: warm it so both sides see the same server.
  await bareFetchMs();
  const baseline = await bareFetchMs();

  const marks: { firstPageAt: number | null } = { firstPageAt: null };
  let fetchCommands = 0;
  let flagsTransferred = 0;
  /** The IMAP commands the engine sent, by verb: what a resync with nothing new still costs. */
  let commandVerbs: string[] = [];
  const engine = await createTestEngine({
    engine: {
      onCommand: (line) => {
        commandVerbs.push(line.split(' ')[1] ?? '');
        if (/^\S+ (UID )?FETCH /i.test(line)) fetchCommands += 1;
      },
    },
    afterCacheRequest: (request) => {
      if (request.op !== 'apply' || request.delta.kind !== 'messages') return;
      if (marks.firstPageAt === null && request.delta.upserts.length > 0) marks.firstPageAt = performance.now();
      flagsTransferred += request.delta.flagUpdates.length;
    },
  });
  const account = expectOk(await engine.invoke('accounts.add', draftFor(info, bigUser)));

  // The engine alone, as in the app, where the cache lives in another process (the renderer): its
  // writes are acknowledged at once. This is also the engine process's memory figure.
  const engineOnly = await measureEngineOnly();

  const separate = await measureWithCacheThread();

  // The rest measures a cache this thread can read: the same first sync, with the writer on this thread.
  const start = performance.now();
  expectOk(await engine.invoke('sync.account', { accountId: account.id }));
  const sameThread = performance.now() - start;
  const scale = `${messages / 1000}k`;
  const ratio = (ms: number): number => Math.round((ms / baseline) * 100) / 100;
  printFigure(
    figure(`sync.initial.${scale}`, separate.ms, 'ms', baseline, {
      messages: messages + LARGE_MESSAGES,
      cache: 'one Node process: the engine on the main thread, the cache writer over fake-indexeddb on a worker thread',
      baselineIs: 'bare imapflow FETCH of the same fields',
      cores,
      machineCpuSeconds: Math.round(separate.cpuSeconds * 100) / 100,
      engineOnlyMs: Math.round(engineOnly.ms),
      engineOnlyRatio: ratio(engineOnly.ms),
      sameThreadMs: Math.round(sameThread),
      sameThreadRatio: ratio(sameThread),
    }),
  );
  printFigure(figure(`sync.first_page.${scale}`, (marks.firstPageAt ?? Number.NaN) - start, 'ms', null, { pageSize: 50 }));
  printFigure(
    figure(`mem.sync.${scale}`, engineOnly.rssGrowthMb, 'MB', null, {
      measures: 'peak RSS growth of the engine (Node) process during the initial sync; the cache lives in the renderer',
    }),
  );

  // Steady state: the first resyncs after a first sync share the machine with the connection warm-up.
  fetchCommands = 0;
  const resyncs: number[] = [];
  let resyncCommands: string[] = [];
  let resyncCacheRequests: string[] = [];
  for (let round = 0; round < 5; round++) {
    commandVerbs = [];
    const cacheRequestsBefore = engine.cacheRequests.length;
    const resyncStart = performance.now();
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    resyncs.push(performance.now() - resyncStart);
    resyncCommands = commandVerbs;
    resyncCacheRequests = engine.cacheRequests.slice(cacheRequestsBefore).map((request) => request.op);
  }
  // What the server alone takes to answer the one command a resync with nothing new sends.
  const lister = await imapClientFor(info, bigUser);
  const listings: number[] = [];
  for (let round = 0; round < 5; round++) {
    const listStart = performance.now();
    await lister.list({ statusQuery: { messages: true, uidNext: true, uidValidity: true, highestModseq: true } });
    listings.push(performance.now() - listStart);
  }
  await lister.logout();
  printFigure(
    figure(`resync.nochange.${scale}`, percentile(resyncs, 50), 'ms', percentile(listings, 50), {
      baselineIs: 'a bare imapflow LIST-STATUS of the same folders (median of 5)',
      fetchCommands,
      of: 'median of 5 resyncs in a row',
      first: Math.round(resyncs[0] ?? Number.NaN),
      imapCommands: resyncCommands.join(' '),
      cacheRequests: resyncCacheRequests.join(' '),
    }),
  );

  // Another device flags 1% of the messages; a resync should transfer exactly those.
  const changed = Array.from({ length: Math.floor(messages / 100) }, (_, index) => index * 100 + 1);
  const other = await imapClientFor(info, bigUser);
  await other.mailboxOpen('INBOX');
  for (let offset = 0; offset < changed.length; offset += 500)
    await other.messageFlagsAdd(changed.slice(offset, offset + 500).join(','), ['\\Flagged'], { uid: true });
  flagsTransferred = 0;
  fetchCommands = 0;
  const flagStart = performance.now();
  expectOk(await engine.invoke('sync.account', { accountId: account.id }));
  printFigure(
    figure(`resync.flags1pct.${scale}`, flagsTransferred, 'messages', changed.length, {
      tier: 'QRESYNC',
      ms: Math.round(performance.now() - flagStart),
      fetchCommands,
    }),
  );

  // The same on the CONDSTORE tier: a second engine over the same cache, held below QRESYNC.
  for (let offset = 0; offset < changed.length; offset += 500)
    await other.messageFlagsRemove(changed.slice(offset, offset + 500).join(','), ['\\Flagged'], { uid: true });
  await other.logout();
  let condstoreFlags = 0;
  const condstore = await createTestEngine({
    db: engine.db,
    engine: { quirks: () => ({ avoidQresync: true }) },
    afterCacheRequest: (request) => {
      if (request.op === 'apply' && request.delta.kind === 'messages') condstoreFlags += request.delta.flagUpdates.length;
    },
  });
  const condstoreAccount = expectOk(await condstore.invoke('accounts.add', draftFor(info, bigUser)));
  await condstore.db.accounts.put({ ...account, id: condstoreAccount.id });
  // The second engine knows the account under its own id: copy the folder state over to that id.
  const state = await engine.db.folderStates.get(folderKey(account.id, 'INBOX'));
  if (state !== undefined) {
    const rows = await engine.db.messages
      .where('[folderKey+uid]')
      .between([folderKey(account.id, 'INBOX'), 0], [folderKey(account.id, 'INBOX'), Infinity])
      .toArray();
    const key = folderKey(condstoreAccount.id, 'INBOX');
    await condstore.db.messages.bulkPut(rows.map((row) => ({ ...row, accountId: condstoreAccount.id, folderKey: key })));
    await condstore.db.folderStates.put({ ...state, folderKey: key });
  }
  const condstoreStart = performance.now();
  expectOk(await condstore.invoke('sync.account', { accountId: condstoreAccount.id }));
  printFigure(
    figure(`resync.flags1pct.${scale}.condstore`, condstoreFlags, 'messages', changed.length, {
      tier: 'CONDSTORE',
      ms: Math.round(performance.now() - condstoreStart),
    }),
  );
  await condstore.services.shutdown();

  // 100 KB messages: each fetched and decoded once, then read back from the cache.
  const key = folderKey(account.id, 'INBOX');
  const uidValidity = (await engine.db.folderStates.get(key))?.uidValidity ?? 0;
  const largeUids = Array.from({ length: LARGE_MESSAGES }, (_, index) => messages + 1 + index);
  const opened = async (uid: number): Promise<number> => {
    const start = performance.now();
    expectOk(await engine.invoke('messages.fetchBody', { accountId: account.id, path: 'INBOX', uidValidity, uid }));
    return performance.now() - start;
  };
  const uncached: number[] = [];
  for (const uid of largeUids) uncached.push(await opened(uid));
  const cached: number[] = [];
  for (const uid of largeUids) {
    cached.push(await opened(uid));
    const body = await engine.db.bodies.get([key, uid]);
    if (body === undefined || body.text.length < 90_000) throw new Error('a 100 KB body did not come back from the cache');
  }
  // The first open also opens the connection for reading messages (TLS, login, SELECT): shown apart.
  const spread = (times: number[]) => ({
    of: `median of ${String(times.length)} messages`,
    first: Math.round(times[0] ?? 0),
    max: Math.round(Math.max(...times)),
  });
  printFigure(figure('body.open.uncached', percentile(uncached, 50), 'ms', null, { size: '100 KB', ...spread(uncached) }));
  printFigure(figure('body.open.cached', percentile(cached, 50), 'ms', null, spread(cached)));
  await engine.dispose();

  await measurePush();
}

async function measureEngineOnly(): Promise<{ ms: number; rssGrowthMb: number }> {
  const acknowledged = { ok: true as const, value: null };
  const engine = await createTestEngine({
    interceptCache: (request) =>
      request.op === 'knownUids' || request.op === 'pendingOperations'
        ? { ok: true, value: [] }
        : request.op === 'hasBody'
          ? { ok: true, value: false }
          : acknowledged,
  });
  try {
    const account = expectOk(await engine.invoke('accounts.add', draftFor(info, bigUser)));
    // What the harness keeps of each request is the bench's, not the engine's.
    engine.cacheRequests.length = 0;
    const keepNothing = setInterval(() => {
      engine.cacheRequests.length = 0;
    }, 50);
    global.gc?.();
    const memory = sampleRss();
    const start = performance.now();
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const ms = performance.now() - start;
    clearInterval(keepNothing);
    return { ms, rssGrowthMb: memory.stop() };
  } finally {
    await engine.dispose();
  }
}

/**
 * The engine with the cache writer on a worker thread, as the app has it in another process (the
 * renderer): writes overlap the fetching of the next batch instead of taking turns with it.
 */
async function measureWithCacheThread(): Promise<{ ms: number; cpuSeconds: number }> {
  const thread = new CacheThread();
  const engine = await createTestEngine({ serveCache: (request) => thread.serve(request) });
  try {
    const account = expectOk(await engine.invoke('accounts.add', draftFor(info, bigUser)));
    const cpu = sampleCpu();
    const start = performance.now();
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    return { ms: performance.now() - start, cpuSeconds: busySecondsSince(cpu) };
  } finally {
    await engine.dispose();
    await thread.stop();
  }
}

/** From APPEND by another client to the new message being in the cache, while the engine idles. */
async function measurePush(): Promise<void> {
  const arrived = new Map<number, number>();
  const engine = await createTestEngine({
    engine: { push: true },
    afterCacheRequest: (request) => {
      if (request.op !== 'apply' || request.delta.kind !== 'messages') return;
      for (const header of request.delta.upserts) arrived.set(header.uid, performance.now());
    },
  });
  try {
    const account = expectOk(await engine.invoke('accounts.add', draftFor(info, pushUser)));
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const other = await imapClientFor(info, pushUser);
    const latencies: number[] = [];
    try {
      const samples = generateMailbox(20, 77);
      for (const [index, sample] of samples.entries()) {
        const sent = performance.now();
        const appended = await other.append('INBOX', sample.raw);
        const uid = appended === false ? undefined : appended.uid;
        if (uid === undefined) throw new Error('APPEND returned no UID');
        await waitFor(`message ${index} pushed`, () => arrived.has(uid), 10_000);
        latencies.push((arrived.get(uid) ?? Number.NaN) - sent);
      }
    } finally {
      await other.logout();
    }
    printFigure(
      figure('push.latency', percentile(latencies, 95), 'ms', null, {
        percentile: 95,
        samples: latencies.length,
        median: Math.round(percentile(latencies, 50)),
      }),
    );
  } finally {
    await engine.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
