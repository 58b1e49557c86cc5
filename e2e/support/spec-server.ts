import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa, type TestCa } from './certs';
import { startDovecot, type DovecotServer, type StartDovecotOptions } from './dovecot';

/** A spec's own Dovecot, in a folder of its own with the CA its app trusts. */
export interface SpecServer {
  workDir: string;
  dovecot: DovecotServer;
  caCertPath: string;
  /** The CA and its loopback certificate, for the spec's other servers. */
  ca: TestCa;
}

/** More of Dovecot's options (extra listeners, plain-text logins), made once the spec's CA exists. */
export type SpecServerOptions = (ca: TestCa, workDir: string) => Omit<StartDovecotOptions, 'ca' | 'rootDir'>;

export async function startSpecServer(name: string, options?: SpecServerOptions): Promise<SpecServer> {
  const workDir = mkdtempSync(join(tmpdir(), `kestrel-e2e-${name}-`));
  const ca = createTestCa(join(workDir, 'ca'));
  return { workDir, dovecot: await startDovecot({ ...options?.(ca, workDir), ca, rootDir: workDir }), caCertPath: ca.caCertPath, ca };
}

export async function stopSpecServer(server: Pick<SpecServer, 'workDir' | 'dovecot'>): Promise<void> {
  await server.dovecot.dispose();
  rmSync(server.workDir, { recursive: true, force: true });
}
