import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { safeFilename } from '../../shared/domain/attachments';
import type { SaveLocation } from './save-location';

/** Browser mode saves where a browser would, never over an existing file: "report (2).pdf". */
export class DownloadsFolder implements SaveLocation {
  constructor(private readonly folder: string) {}

  async choose(filename: string): Promise<string> {
    await mkdir(this.folder, { recursive: true });
    const name = safeFilename(filename, 'attachment');
    const extension = extname(name);
    const stem = name.slice(0, name.length - extension.length);
    for (let copy = 1; ; copy++) {
      const candidate = join(this.folder, copy === 1 ? name : `${stem} (${copy})${extension}`);
      if (!(await exists(candidate))) return candidate;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}
