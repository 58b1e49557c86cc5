import { writeFile } from 'node:fs/promises';
import { log } from '../log';

/**
 * Marks a file written from a message as coming from the internet, so that the system treats it with the
 * care it gives downloads: on Windows the Mark of the Web (zone 3), which SmartScreen and Office's
 * Protected View read. macOS quarantines what the app writes by itself (LSFileQuarantineEnabled in its
 * Info.plist, see build/electron-builder.yml); Linux has no such mark.
 * A drive without alternate data streams (FAT, exFAT, some network shares) cannot hold the mark: the file
 * stays, unmarked, and the log says so.
 */
export async function markFromInternet(file: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (platform !== 'win32') return;
  try {
    await writeFile(`${file}:Zone.Identifier`, '[ZoneTransfer]\r\nZoneId=3\r\n');
  } catch (error) {
    log.warn('attachment.mark_failed', { reason: error instanceof Error ? error.name : 'unknown' });
  }
}
