import { performance } from 'node:perf_hooks';
import type { ServerQuirks } from '../../electron/imap/server-quirks';
import { figure, printFigure } from '../bench/figures';
import type { DovecotInfo, TestUser } from '../support/dovecot';
import { createUser, importMessages } from '../support/dovecot';
import { generateMailbox } from '../support/messages';
import { cacheState } from './cache-state';
import { ChurnClient } from './churn-client';
import { compareStates, differenceDetails, type Differences } from './compare';
import { EngineSession } from './engine-session';
import { note, runMeasure } from './input';
import { LocalActor } from './local-actions';
import { Random } from './random';
import { scaled } from './scale';
import { serverState } from './server-state';
import { writeTrace } from './trace';

/**
 * soak.churn: while the engine syncs (push on, sync.account again and again, and now and then an action
 * of the user), another client makes at least 5,000 random changes. Once it stops and the engine has
 * caught up, the cache must equal the server: folder tree, UIDs, flags, counts, nothing left queued.
 */
interface Tier {
  name: 'qresync' | 'condstore' | 'plain';
  server: 'full' | 'plain';
  quirks?: (host: string) => ServerQuirks;
}

const TIERS: Tier[] = [
  { name: 'qresync', server: 'full' },
  { name: 'condstore', server: 'full', quirks: () => ({ avoidQresync: true }) },
  { name: 'plain', server: 'plain' },
];

async function measureTier(info: DovecotInfo, tier: Tier, index: number): Promise<void> {
  const random = Random.fromEnvironment(100 + index);
  const started = performance.now();
  const user = await createUser(info, `churn${tier.name}`);
  const population = scaled(400, 60);
  await importMessages(
    info,
    user,
    'INBOX',
    generateMailbox(Math.round(population * 0.75), 300 + index).map((message) => message.raw),
  );
  await importMessages(
    info,
    user,
    'Archive',
    generateMailbox(Math.round(population * 0.25), 400 + index).map((message) => message.raw),
  );
  const session = await EngineSession.open(info, user, { push: true, ...(tier.quirks === undefined ? {} : { quirks: tier.quirks }) });
  try {
    if (!(await session.sync())) throw new Error(`The first sync failed: ${session.failureSamples.join('; ')}`);
    const churn = new ChurnClient(info, user, random, `k${tier.name.slice(0, 1)}`, population);
    const actor = new LocalActor(session.db, session.accountId, random, null, { prefix: `u${tier.name.slice(0, 1)}` });
    const target = scaled(5000, 50);
    const control = { stopped: false };
    let syncs = 0;
    const syncing = (async () => {
      while (!control.stopped) {
        await session.sync();
        syncs += 1;
        await sleep(random.int(0, 250));
      }
    })();
    const acting = (async () => {
      while (!control.stopped) {
        await actor.act();
        await session.replay();
        await sleep(random.int(50, 400));
      }
    })();
    note(`churn ${tier.name}: ${target} operations by another client while the engine syncs (seed ${random.seed})`);
    await churn.run(target);
    control.stopped = true;
    await Promise.all([syncing, acting]);
    const churnMs = performance.now() - started;
    await session.settle();
    const differences = await compare(info, user, session);
    let afterSecondSync: number | null = null;
    if (differences.total > 0) {
      note(`churn ${tier.name}: ${differences.total} differences:\n  ${differences.samples.join('\n  ')}`);
      note(`churn ${tier.name}: trace in ${writeTrace(`churn-${tier.name}`, random.seed, churn.log, actor.log, session.log)}`);
      await session.sync();
      afterSecondSync = (await compare(info, user, session)).total;
    }
    if (session.failureSamples.length > 0) note(`churn ${tier.name}: failed calls:\n  ${session.failureSamples.join('\n  ')}`);
    const failed = (await session.db.operations.toArray()).filter((row) => row.state === 'failed').length;
    printFigure(
      figure(`soak.churn.${tier.name}`, differences.total, 'differences', null, {
        tier: tier.name,
        operations: churn.stats.done,
        rejectedByServer: churn.stats.rejected,
        engineActions: actor.taken,
        engineActionsRefusedByServer: failed,
        syncs,
        ...failureDetails(session),
        ...differenceDetails(differences),
        serverUnopenableFolders: differences.unopenable,
        ...(afterSecondSync === null ? {} : { afterSecondSync }),
        seconds: Math.round(churnMs / 1000),
        seed: random.seed,
      }),
    );
  } finally {
    await session.dispose();
  }
}

async function compare(info: DovecotInfo, user: TestUser, session: EngineSession): Promise<Differences & { unopenable: number }> {
  const server = await serverState(info, user);
  return { ...compareStates(server, await cacheState(session.db, session.accountId)), unopenable: server.unopenable.length };
}

function failureDetails(session: EngineSession): Record<string, number> {
  return Object.fromEntries(Object.entries(session.failures).map(([code, count]) => [`callsFailed_${code}`, count]));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

runMeasure(async (input) => {
  for (const [index, tier] of TIERS.entries()) await measureTier(input[tier.server], tier, index);
});
