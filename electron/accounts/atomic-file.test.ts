import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from './atomic-file';

/** The mode every file and folder had the moment the call that created it returned, before any chmod could run. */
const seen = vi.hoisted(() => new Map<string, number>());

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsPromises>();
  const { statSync: stat } = await import('node:fs');
  return {
    ...real,
    writeFile: async (...args: Parameters<typeof real.writeFile>) => {
      await real.writeFile(...args);
      if (typeof args[0] === 'string') seen.set(args[0], stat(args[0]).mode & 0o777);
    },
    mkdir: async (...args: Parameters<typeof real.mkdir>) => {
      const created = await real.mkdir(...args);
      if (typeof created === 'string') seen.set(created, stat(created).mode & 0o777);
      return created;
    },
  };
});

describe.skipIf(process.platform === 'win32')('a private file written atomically', () => {
  let root: string;
  let previousUmask: number;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kestrel-atomic-'));
    previousUmask = process.umask(0);
    seen.clear();
  });

  afterEach(() => {
    process.umask(previousUmask);
    rmSync(root, { recursive: true, force: true });
  });

  it('is private from the moment it exists: created with its mode, never tightened afterwards', async () => {
    const file = join(root, 'a', 'b', 'secrets.json');
    await writeFileAtomic(file, '{"id":"secret"}', 0o600);
    const temporary = [...seen.keys()].find((path) => path.endsWith('.tmp'));
    expect(temporary).toBeDefined();
    expect(seen.get(temporary ?? '')).toBe(0o600);
    // mkdir reports the first folder it created; the ones under it got the same mode.
    expect(seen.get(join(root, 'a'))).toBe(0o700);
    expect(statSync(join(root, 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
