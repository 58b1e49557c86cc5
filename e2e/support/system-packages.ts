import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export interface Requirement {
  /** An executable the tests run. */
  executable: string;
  /** The Debian package that provides it. */
  debianPackage: string;
}

/**
 * Makes sure the real programs the tests need exist. As root (CI, dev containers) it installs the Debian
 * packages; otherwise it throws with the command to run, since a test must not prompt for sudo.
 */
export function ensureInstalled(purpose: string, requirements: readonly Requirement[]): void {
  const missing = [...new Set(requirements.filter((r) => findExecutable(r.executable) === undefined).map((r) => r.debianPackage))];
  if (missing.length === 0) return;
  if (!isRoot()) throw new Error(`${purpose} Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  process.stderr.write(`[test setup] installing ${missing.join(', ')} with apt-get\n`);
  runVisible('apt-get', ['update']);
  runVisible('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { DEBIAN_FRONTEND: 'noninteractive' });
}

function runVisible(command: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  process.stderr.write(`[test setup] $ ${command} ${args.join(' ')}\n`);
  // stdout goes to stderr so a reporter parsing stdout is not confused by apt's output.
  const result = spawnSync(command, args, { stdio: ['ignore', process.stderr, process.stderr], env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with status ${String(result.status)}`);
}
