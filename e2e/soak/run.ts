import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTestCa } from '../support/certs';
import { ensureDovecotInstalled, startDovecot, type DovecotServer } from '../support/dovecot';
import { SOAK_INPUT_VARIABLE, note, type SoakInput } from './input';
import { soakScale } from './scale';

/**
 * `npm run soak` (issue 4): the reliability figures, one JSON line each, against real Dovecot on loopback.
 * It starts a full server and one without CONDSTORE/QRESYNC/MOVE, then runs each measure in a process of
 * its own that trusts the test CA through NODE_EXTRA_CA_CERTS, as a user's system would.
 * KESTREL_SOAK_SCALE scales every count (default 1); KESTREL_SOAK_SEED fixes the random choices;
 * KESTREL_SOAK_ONLY=churn,faults,offline-queue runs some of the measures.
 */
const MEASURES = ['churn', 'faults', 'offline-queue'] as const;

async function main(): Promise<number> {
  const only = process.env.KESTREL_SOAK_ONLY?.split(',').map((name) => name.trim());
  const measures = MEASURES.filter((name) => only === undefined || only.includes(name));
  ensureDovecotInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-soak-'));
  const servers: DovecotServer[] = [];
  const started = performance.now();
  let failures = 0;
  try {
    const ca = createTestCa(join(dir, 'ca'));
    servers.push(await startDovecot({ ca, rootDir: dir, capabilities: 'full' }));
    servers.push(await startDovecot({ ca, rootDir: dir, capabilities: 'no-condstore' }));
    const [full, plain] = servers;
    if (full === undefined || plain === undefined) throw new Error('The servers did not start');
    const input: SoakInput = { full: full.info, plain: plain.info };
    note(`scale ${soakScale()}, measures: ${measures.join(', ')}`);
    for (const measure of measures) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, `${measure}.ts`)], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          NODE_EXTRA_CA_CERTS: ca.caCertPath,
          KESTREL_LOG_LEVEL: process.env.KESTREL_LOG_LEVEL ?? 'error',
          [SOAK_INPUT_VARIABLE]: JSON.stringify(input),
        },
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) {
        failures += 1;
        note(`${measure} failed (exit ${String(code)})`);
      }
    }
  } finally {
    await Promise.allSettled(servers.map((server) => server.dispose()));
    rmSync(dir, { recursive: true, force: true });
  }
  note(`done in ${Math.round((performance.now() - started) / 1000)} s`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
