import type { ImapFlow } from 'imapflow';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { MessageRef } from '../../shared/cache/delta';
import { AppFailure } from '../../shared/ipc/result';
import { markFromInternet } from '../attachments/mark-of-the-web';
import { withMessageFolder } from '../imap/mailbox';

/** Large round trips: an attachment is one long read, and 64 KiB ones are slow on high latency. */
const DOWNLOAD_CHUNK_BYTES = 1024 * 1024;

/**
 * Streams one part, transfer encoding removed, to a file: never held whole in memory, and written under
 * a temporary name first, so that a failed download leaves no half file under the real one.
 */
export function downloadPartToFile(client: ImapFlow, ref: MessageRef, part: string, destination: string): Promise<number> {
  return withMessageFolder(client, ref, 'attachment download', async () => {
    const partial = `${destination}.kestrel-part`;
    try {
      const download = await client.download(String(ref.uid), part, { uid: true, decodeText: false, chunkSize: DOWNLOAD_CHUNK_BYTES });
      if (download.content === undefined) throw new AppFailure({ code: 'NOT_FOUND', message: 'This attachment is no longer on the server.' });
      let bytes = 0;
      download.content.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      await pipeline(download.content, createWriteStream(partial, { mode: 0o600 }));
      await rename(partial, destination);
      await markFromInternet(destination);
      return bytes;
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  });
}
