import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createTestCa, type TestCa } from './certs';
import { ensureDovecotInstalled, startDovecot } from './dovecot';
import type { DovecotInfo, DovecotServer } from './dovecot';

declare module 'vitest' {
  export interface ProvidedContext {
    dovecot: DovecotInfo;
    dovecotNoCondstore: DovecotInfo;
    /** The CA every worker trusts, and the loopback certificate it signed, for test servers of other kinds. */
    testCa: TestCa;
  }
}

/**
 * Starts the servers once for the whole run. Workers are forked after this returns and copy
 * process.env then, so they trust the test CA through NODE_EXTRA_CA_CERTS like a user's system would.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureDovecotInstalled();
  const caDir = mkdtempSync(join(tmpdir(), 'kestrel-test-ca-'));
  const servers: DovecotServer[] = [];
  const teardown = async (): Promise<void> => {
    await Promise.allSettled(servers.map((server) => server.dispose()));
    rmSync(caDir, { recursive: true, force: true });
  };
  try {
    const ca = createTestCa(caDir);
    process.env.NODE_EXTRA_CA_CERTS = ca.caCertPath;
    project.provide('testCa', ca);
    const [full, noCondstore] = await Promise.allSettled([
      startDovecot({ capabilities: 'full', ca }),
      startDovecot({ capabilities: 'no-condstore', ca }),
    ]);
    // Settle both first, so a failure of one never leaves the other running after teardown.
    for (const result of [full, noCondstore]) if (result.status === 'fulfilled') servers.push(result.value);
    if (full.status === 'rejected') throw full.reason;
    if (noCondstore.status === 'rejected') throw noCondstore.reason;
    project.provide('dovecot', full.value.info);
    project.provide('dovecotNoCondstore', noCondstore.value.info);
    project.provide('testCa', ca);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
