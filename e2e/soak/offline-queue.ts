import { performance } from 'node:perf_hooks';
import { figure, printFigure } from '../bench/figures';
import { FaultProxy } from '../support/fault-proxy';
import { waitFor } from '../support/wait';
import { cacheState } from './cache-state';
import { compareStates, differenceDetails } from './compare';
import { EngineSession } from './engine-session';
import { failedOperations } from './failed-operations';
import { note, runMeasure, unhandled } from './input';
import { LocalActor } from './local-actions';
import { ExpectedModel } from './model';
import { Random } from './random';
import { scaled } from './scale';
import { seededUser } from './seed';
import { serverState } from './server-state';
import { writeTrace } from './trace';

/**
 * soak.offline_queue: with the network gone, the user takes 1,000 actions (the app restarts halfway,
 * still offline); then the network comes back. Every action must reach the server exactly once, and
 * the cache must equal the server afterwards.
 */
const SELF_RECOVERY_MS = 30_000;

runMeasure(async (input) => {
  const random = Random.fromEnvironment(300);
  const info = input.full;
  const started = performance.now();
  const total = scaled(1000, 20);
  note(`offline queue: ${total} actions offline, then the network comes back (seed ${random.seed})`);
  const user = await seededUser(info, 'offline', scaled(400, 40), scaled(100, 10), 900);
  const proxy = await FaultProxy.start(info.tlsPort);
  let session = await EngineSession.open(info, user, { push: true, port: proxy.port });
  try {
    if (!(await session.sync())) throw new Error(`The first sync failed: ${session.failureSamples.join('; ')}`);
    const model = new ExpectedModel('/', await serverState(info, user));

    proxy.refuseNewConnections(true);
    proxy.dropAll();
    // One actor throughout: the restarted engine keeps the same cache.
    const actor = new LocalActor(session.db, session.accountId, random, model, { prefix: 'o' });
    const act = async (count: number): Promise<void> => {
      for (let taken = 0; taken < count;) {
        if ((await actor.act()) === null) continue;
        taken += 1;
        // The UI asks for a replay after each action; offline it leaves the action queued.
        await session.replay();
      }
    };
    const first = session;
    await act(Math.ceil(total / 2));
    // The app quits and starts again, still offline; on start it syncs, which fails and leaves push retrying.
    await session.stop();
    session = await EngineSession.open(info, user, { push: true, port: proxy.port, restartOf: first.engine });
    await session.sync();
    await act(Math.floor(total / 2));
    const queued = await session.pending();

    proxy.heal();
    const healedAt = performance.now();
    let kicked = 0;
    try {
      await waitFor('the engine to drain the queue by itself', async () => (await session.pending()) === 0, SELF_RECOVERY_MS);
    } catch {
      kicked = 1;
      note(`offline queue: ${await session.pending()} actions still queued ${SELF_RECOVERY_MS / 1000} s after the network came back; replaying`);
    }
    const drainMs = performance.now() - healedAt;
    const stuck = await session.settle();
    if (stuck.length > 0) note(`offline queue: the queue is stuck, replays with the network back leave it as it is:\n  ${stuck.join('\n  ')}`);
    const server = await serverState(info, user);
    const differences = compareStates(server, await cacheState(session.db, session.accountId));
    const verdict = model.judge(server);
    if (differences.total > 0) note(`offline queue: ${differences.total} cache differences:\n  ${differences.samples.join('\n  ')}`);
    if (verdict.notExactlyOnce > 0)
      note(`offline queue: ${verdict.notExactlyOnce} actions not applied exactly once:\n  ${verdict.samples.join('\n  ')}`);
    if (session.failureSamples.length > 0)
      note(`offline queue: failed calls after the restart, first ones:\n  ${session.failureSamples.join('\n  ')}`);
    if (differences.total + verdict.notExactlyOnce > 0 || stuck.length > 0)
      note(`offline queue: trace in ${writeTrace('offline-queue', random.seed, actor.log, first.log, session.log)}`);
    const refused = await failedOperations(session.db, session.accountId);
    if (refused.length > 0) note(`offline queue: ${refused.length} actions refused:\n  ${refused.slice(0, 10).join('\n  ')}`);
    const failed = refused.length;
    printFigure(
      figure('soak.offline_queue', verdict.notExactlyOnce, 'actions', null, {
        actions: model.actions,
        queuedAtReconnect: queued,
        restartedOffline: 1,
        messagesLost: verdict.messagesLost,
        messagesDoubled: verdict.messagesDoubled,
        messagesMisplaced: verdict.messagesMisplaced,
        flagsWrong: verdict.flagsWrong,
        foldersWrong: verdict.foldersWrong,
        ...Object.fromEntries(Object.entries(verdict.byAction).map(([kind, count]) => [`wrongAfter_${kind}`, count])),
        failedOperations: failed,
        cacheDifferences: differences.total,
        ...differenceDetails(differences),
        drainMs: Math.round(drainMs),
        stuckQueue: stuck.length > 0 ? 1 : 0,
        leftQueued: await session.pending(),
        drainedByEngineItself: kicked === 0 ? 1 : 0,
        unhandledRejections: unhandled.count,
        seconds: Math.round((performance.now() - started) / 1000),
        seed: random.seed,
      }),
    );
  } finally {
    await session.dispose();
    await proxy.close();
  }
});
