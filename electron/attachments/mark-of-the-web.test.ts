import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { markFromInternet } from './mark-of-the-web';

describe('markFromInternet', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes the Mark of the Web (zone 3) on Windows, and nothing elsewhere', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kestrel-motw-'));
    dirs.push(dir);
    const file = join(dir, 'invoice.pdf');
    await writeFile(file, 'pdf');
    await markFromInternet(file, 'linux');
    await markFromInternet(file, 'darwin');
    expect(await readdir(dir)).toEqual(['invoice.pdf']);
    // Here the stream name is an ordinary file name; on NTFS it is the file's alternate data stream.
    await markFromInternet(file, 'win32');
    expect(await readFile(`${file}:Zone.Identifier`, 'utf8')).toBe('[ZoneTransfer]\r\nZoneId=3\r\n');
  });
});
