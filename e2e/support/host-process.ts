import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface HostProcess {
  url: string;
  /** Everything the host logged (stderr), for the assertions that logs hold no secrets. */
  logs: () => string;
  stop: () => Promise<void>;
}

const repoRoot = join(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 20_000;

/**
 * Runs `out/main/host.js` (what `npm run web` runs) as a child process and waits for the URL it prints.
 * The CA is passed the way a user's system would trust it: NODE_EXTRA_CA_CERTS.
 */
export async function startHostProcess(options: {
  dataDir: string;
  caCertPath: string;
  downloadDir?: string;
  port?: number;
  /** More environment for the host (a spec's loopback servers). */
  env?: Readonly<Record<string, string>>;
  /** Launch arguments, as the system passes them (a mailto: link). */
  args?: readonly string[];
}): Promise<HostProcess> {
  const entry = join(repoRoot, 'out', 'main', 'host.js');
  if (!existsSync(entry)) throw new Error('The app is not built: run `npm run build` first (npm run test:e2e does).');
  const child: ChildProcess = spawn(process.execPath, [entry, ...(options.args ?? [])], {
    cwd: repoRoot,
    env: {
      ...process.env,
      KESTREL_DATA_DIR: options.dataDir,
      KESTREL_DOWNLOAD_DIR: options.downloadDir ?? join(options.dataDir, 'downloads'),
      NODE_EXTRA_CA_CERTS: options.caCertPath,
      KESTREL_PORT: String(options.port ?? 0),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`The browser host printed no URL within ${START_TIMEOUT_MS} ms. Its log:\n${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /Open: (http:\/\/\S+)/.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The browser host exited with ${String(code)} before it was ready. Its log:\n${stderr}`));
    });
  });
  return {
    url,
    logs: () => stderr,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
