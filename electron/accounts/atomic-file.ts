import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Replace-by-rename, so a crash mid-write leaves the old file whole rather than half a new one. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  // Created with its final mode (exclusively, so an existing file's looser mode cannot be inherited):
  // no moment exists where a private file is readable by others.
  await writeFile(temporary, data, { mode, flag: 'wx' });
  await rename(temporary, path);
}

export async function readFileIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  }
}
