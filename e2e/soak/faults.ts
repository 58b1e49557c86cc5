import { performance } from 'node:perf_hooks';
import { figure, percentile, printFigure } from '../bench/figures';
import type { DovecotInfo } from '../support/dovecot';
import { FaultProxy } from '../support/fault-proxy';
import { cacheState } from './cache-state';
import { compareStates, differenceDetails } from './compare';
import { EngineSession } from './engine-session';
import { failedOperations } from './failed-operations';
import { FaultInjector } from './fault-injector';
import { note, runMeasure, unhandled } from './input';
import { LocalActor } from './local-actions';
import { ExpectedModel } from './model';
import { Random } from './random';
import { scaled } from './scale';
import { seededUser } from './seed';
import { serverState } from './server-state';
import { writeTrace } from './trace';

/**
 * soak.faults: the user acts, the engine replays and syncs, and the network misbehaves meanwhile (at
 * least 300 faults). Afterwards every action must have reached the server exactly once, and the cache
 * must equal the server. Also: how long after the network comes back the queue is empty, left to the
 * engine itself (its push connection reconnects and syncs, which replays).
 *
 * A queue that stops draining for good (a product bug, reported as stuckQueues) ends its account: the
 * faults still to inject go to a fresh account, so that every run injects them all.
 */

/** How long the engine gets to drain the queue by itself before the harness replays, as a new action would. */
const SELF_RECOVERY_MS = 5_000;
/** A call still running this long after the network is back has hung. */
const HANG_MS = 120_000;

interface Tally {
  faults: number;
  cutsFired: number;
  refusedConnections: number;
  connections: number;
  actions: number;
  notExactlyOnce: number;
  differences: number;
  failedOperations: number;
  kicked: number;
  hung: number;
  stuck: number;
  accounts: number;
  details: Record<string, number>;
  recoveries: number[];
}

function emptyTally(): Tally {
  return {
    faults: 0,
    cutsFired: 0,
    refusedConnections: 0,
    connections: 0,
    actions: 0,
    notExactlyOnce: 0,
    differences: 0,
    failedOperations: 0,
    kicked: 0,
    hung: 0,
    stuck: 0,
    accounts: 0,
    details: {},
    recoveries: [],
  };
}

function add(details: Record<string, number>, more: Record<string, number>): void {
  for (const [key, count] of Object.entries(more)) details[key] = (details[key] ?? 0) + count;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether the call ended within `ms`. */
async function settled(call: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
  });
  const outcome = await Promise.race([call.then(() => true), timeout]);
  clearTimeout(timer);
  return outcome;
}

async function pollUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
}

/** One account through faults until `budget` faults hit it or its queue is stuck; adds what it found to `tally`. */
async function segment(info: DovecotInfo, label: string, budget: number, random: Random, tally: Tally): Promise<number> {
  const name = `${label}${tally.accounts + 1}`;
  tally.accounts += 1;
  const user = await seededUser(info, `faults${label}`, scaled(150, 30), scaled(50, 10), 600 + random.int(0, 1000) * 10);
  const proxy = await FaultProxy.start(info.tlsPort);
  const session = await EngineSession.open(info, user, { push: true, port: proxy.port });
  try {
    if (!(await session.sync())) throw new Error(`The first sync failed: ${session.failureSamples.join('; ')}`);
    const model = new ExpectedModel('/', await serverState(info, user));
    const actor = new LocalActor(session.db, session.accountId, random, model, { prefix: 'f' });
    const injector = new FaultInjector(proxy, random);
    const faultLog: string[] = [];
    let stuck: string[] = [];
    for (let round = 1; injector.total < budget && stuck.length === 0; round++) {
      await actor.actTimes(random.int(1, 3));
      // The UI asks for a replay after each action; a sync runs now and then besides.
      const replaying = random.chance(0.6);
      const call: Promise<unknown> = replaying ? session.replay() : session.sync();
      const kinds: string[] = [];
      for (let fault = random.int(3, 6); fault > 0; fault--) {
        await sleep(random.int(0, 150));
        kinds.push(await injector.inject(() => actor.actTimes(random.int(0, 2))));
      }
      faultLog.push(`${new Date().toISOString()} faults of round ${round}: ${kinds.join(', ')}, then the network is healed`);
      proxy.heal();
      const healedAt = performance.now();
      const waiting = (await session.pending()) > 0;
      if (!(await settled(call, HANG_MS))) {
        tally.hung += 1;
        note(`faults ${name}: round ${round}: a call still runs ${HANG_MS / 1000} s after the network came back`);
      }
      if (!waiting) continue;
      if (await pollUntil(async () => (await session.pending()) === 0, SELF_RECOVERY_MS - (performance.now() - healedAt))) {
        tally.recoveries.push(performance.now() - healedAt);
        continue;
      }
      // Not drained by the engine itself: replay as the next action of the user would.
      tally.kicked += 1;
      stuck = await session.settle();
      if (stuck.length === 0) tally.recoveries.push(performance.now() - healedAt);
      else note(`faults ${name}: round ${round}: the queue is stuck, replays with the network back leave it as it is:\n  ${stuck.join('\n  ')}`);
    }
    proxy.heal();
    if (stuck.length === 0) stuck = await session.settle();
    const server = await serverState(info, user);
    const differences = compareStates(server, await cacheState(session.db, session.accountId));
    const verdict = model.judge(server);
    const refused = await failedOperations(session.db, session.accountId);
    if (differences.total > 0) note(`faults ${name}: ${differences.total} cache differences:\n  ${differences.samples.join('\n  ')}`);
    if (verdict.notExactlyOnce > 0)
      note(`faults ${name}: ${verdict.notExactlyOnce} actions not applied exactly once:\n  ${verdict.samples.join('\n  ')}`);
    if (differences.total + verdict.notExactlyOnce > 0 || stuck.length > 0)
      note(`faults ${name}: trace in ${writeTrace(`faults-${name}`, random.seed, actor.log, session.log, faultLog)}`);
    if (refused.length > 0) note(`faults ${name}: ${refused.length} actions refused:\n  ${refused.slice(0, 10).join('\n  ')}`);
    tally.faults += injector.total;
    tally.cutsFired += proxy.cutsFired;
    tally.refusedConnections += proxy.refused;
    tally.connections += proxy.connections;
    tally.actions += model.actions;
    tally.notExactlyOnce += verdict.notExactlyOnce;
    tally.differences += differences.total;
    tally.failedOperations += refused.length;
    tally.stuck += stuck.length > 0 ? 1 : 0;
    add(tally.details, {
      [`${label}_messagesLost`]: verdict.messagesLost,
      [`${label}_messagesDoubled`]: verdict.messagesDoubled,
      [`${label}_messagesMisplaced`]: verdict.messagesMisplaced,
      [`${label}_flagsWrong`]: verdict.flagsWrong,
      [`${label}_foldersWrong`]: verdict.foldersWrong,
      ...Object.fromEntries(Object.entries(verdict.byAction).map(([kind, count]) => [`${label}_wrongAfter_${kind}`, count])),
      ...differenceDetails(differences, `${label}_diff_`),
    });
    for (const [kind, count] of Object.entries(injector.injected)) add(tally.details, { [`faults_${kind}`]: count });
    return injector.total;
  } finally {
    await session.dispose();
    await proxy.close();
  }
}

/** Faults on one server, account after account until `target` faults have hit. */
async function measure(info: DovecotInfo, label: string, target: number, random: Random): Promise<Tally> {
  const tally = emptyTally();
  while (tally.faults < target) await segment(info, label, target - tally.faults, random, tally);
  return tally;
}

runMeasure(async (input) => {
  const random = Random.fromEnvironment(200);
  const started = performance.now();
  const total = scaled(300, 10);
  note(`faults: ${total} faults during replay and sync, half on each server, both at once (seeds ${random.seed} and ${random.seed + 1})`);
  const phases = await Promise.all([
    measure(input.full, 'move', Math.ceil(total / 2), random),
    measure(input.plain, 'nomove', Math.floor(total / 2), new Random(random.seed + 1)),
  ]);
  const sum = (pick: (tally: Tally) => number): number => phases.reduce((acc, tally) => acc + pick(tally), 0);
  const details: Record<string, number> = {};
  for (const phase of phases) add(details, phase.details);
  printFigure(
    figure(
      'soak.faults',
      sum((tally) => tally.notExactlyOnce + tally.differences),
      'lost, doubled or different',
      null,
      {
        faults: sum((tally) => tally.faults),
        cutsFired: sum((tally) => tally.cutsFired),
        connectionsOpened: sum((tally) => tally.connections),
        refusedConnections: sum((tally) => tally.refusedConnections),
        actions: sum((tally) => tally.actions),
        notExactlyOnce: sum((tally) => tally.notExactlyOnce),
        cacheDifferences: sum((tally) => tally.differences),
        failedOperations: sum((tally) => tally.failedOperations),
        stuckQueues: sum((tally) => tally.stuck),
        accounts: sum((tally) => tally.accounts),
        hungCalls: sum((tally) => tally.hung),
        unhandledRejections: unhandled.count,
        ...details,
        servers: 'move: QRESYNC+MOVE; nomove: no CONDSTORE/QRESYNC/MOVE',
        seconds: Math.round((performance.now() - started) / 1000),
        seed: random.seed,
      },
    ),
  );
  const recoveries = phases.flatMap((tally) => tally.recoveries);
  printFigure(
    figure('soak.faults.recovery', percentile(recoveries, 95), 'ms', null, {
      percentile: 95,
      measures: `network back to queue empty; the engine is left to itself (push reconnects, then syncs) for ${SELF_RECOVERY_MS} ms, then the harness replays`,
      samples: recoveries.length,
      median: Math.round(percentile(recoveries, 50)),
      max: Math.round(Math.max(0, ...recoveries)),
      notDrainedByEngineIn5s: sum((tally) => tally.kicked),
    }),
  );
});
