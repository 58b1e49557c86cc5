import type { ImapFlow } from 'imapflow';
import type { MessageRef } from '../../shared/cache/delta';
import { inlineImageParts, inlineImageType } from '../../shared/domain/inline-images';
import { decodeTransferEncoding } from '../mime';
import { fetchStructure, withMessageFolder } from '../imap/mailbox';
import { toBodyStructure } from './header-record';

/** Bounds on what one message's inline images may add to the cache. */
const MAX_IMAGES = 50;
const MAX_TOTAL_BYTES = 10 * 1024 * 1024;

/**
 * Fetches the images a message's HTML references by Content-ID, and only those parts, as data: URLs the
 * sandboxed frame may show (its CSP allows data: images and nothing remote).
 */
export function fetchInlineImages(client: ImapFlow, ref: MessageRef): Promise<Record<string, string>> {
  return withMessageFolder(client, ref, 'inline images', async () => {
    // A part too large for what is left of the budget is skipped; smaller ones after it still fit.
    let budget = MAX_TOTAL_BYTES;
    const parts = inlineImageParts(toBodyStructure(await fetchStructure(client, ref.uid)))
      .slice(0, MAX_IMAGES)
      .filter((part) => {
        if (part.size > budget) return false;
        budget -= part.size;
        return true;
      });
    if (parts.length === 0) return {};
    const fetched = await client.fetchOne(String(ref.uid), { uid: true, bodyParts: parts.map((part) => part.part) }, { uid: true });
    const images: Record<string, string> = {};
    // BODYSTRUCTURE sizes are the server's word; what counts against the bound is what really came.
    let decodedBytes = 0;
    for (const part of parts) {
      const raw = fetched === false ? undefined : fetched.bodyParts?.get(part.part);
      if (raw === undefined) continue;
      const bytes = decodeTransferEncoding(raw, part.encoding);
      decodedBytes += bytes.length;
      if (decodedBytes > MAX_TOTAL_BYTES) break;
      // Labelled image/jpg, pjpeg or octet-stream, a picture is still a picture; a part that is none stays out.
      const type = inlineImageType(bytes);
      if (type !== null) images[part.cid] = `data:${type};base64,${bytes.toString('base64')}`;
    }
    return images;
  });
}
