import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes what a scenario did, in time order, to a file of its own when it found something, and returns the
 * path: the actions and their numbers are what a reproduction starts from.
 */
export function writeTrace(name: string, seed: number, ...logs: ReadonlyArray<readonly string[]>): string {
  const path = join(tmpdir(), `kestrel-soak-${name}-${seed}.log`);
  writeFileSync(path, `${logs.flat().sort().join('\n')}\n`);
  return path;
}
