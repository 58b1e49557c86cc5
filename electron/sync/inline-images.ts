import type { ImapFlow } from 'imapflow';
import type { MessageRef } from '../../shared/cache/delta';
import { inlineImageParts } from '../../shared/domain/inline-images';
import { AppFailure } from '../../shared/ipc/result';
import { decodeTransferEncoding } from '../mime';
import { toBodyStructure } from './header-record';

/** Bounds on what one message's inline images may add to the cache. */
const MAX_IMAGES = 50;
const MAX_TOTAL_BYTES = 10 * 1024 * 1024;

/**
 * Fetches the images a message's HTML references by Content-ID, and only those parts, as data: URLs the
 * sandboxed frame may show (its CSP allows data: images and nothing remote).
 */
export async function fetchInlineImages(client: ImapFlow, ref: MessageRef): Promise<Record<string, string>> {
  const lock = await client.getMailboxLock(ref.path, { readOnly: true, description: 'inline images' });
  try {
    const mailbox = client.mailbox;
    if (mailbox === false || Number(mailbox.uidValidity) !== ref.uidValidity) {
      throw new AppFailure({ code: 'NOT_FOUND', message: 'This folder changed on the server. Open the message again once it has synced.' });
    }
    const structured = await client.fetchOne(String(ref.uid), { uid: true, bodyStructure: true }, { uid: true });
    if (structured === false || structured.bodyStructure === undefined) {
      throw new AppFailure({ code: 'NOT_FOUND', message: 'This message was deleted on the server.' });
    }
    let budget = MAX_TOTAL_BYTES;
    const parts = inlineImageParts(toBodyStructure(structured.bodyStructure))
      .slice(0, MAX_IMAGES)
      .filter((part) => (budget -= part.size) >= 0);
    if (parts.length === 0) return {};
    const fetched = await client.fetchOne(String(ref.uid), { uid: true, bodyParts: parts.map((part) => part.part) }, { uid: true });
    const images: Record<string, string> = {};
    for (const part of parts) {
      const raw = fetched === false ? undefined : fetched.bodyParts?.get(part.part);
      if (raw === undefined) continue;
      const bytes = decodeTransferEncoding(raw, part.encoding);
      images[part.cid] = `data:${part.type};base64,${bytes.toString('base64')}`;
    }
    return images;
  } finally {
    lock.release();
  }
}
