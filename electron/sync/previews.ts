import type { ImapFlow } from 'imapflow';
import type { MessageHeader } from '../../shared/domain/message';
import { pickDisplayPart, previewText, type DisplayPart } from '../mime';
import { fetchDecodedParts } from './display-parts';

/** Enough bytes of the text part for 200 characters after decoding, markup and quoting. */
const PREVIEW_BYTES = 2048;

export interface Preview {
  uid: number;
  preview: string;
}

/**
 * The first words of each message, from a partial fetch of its display part (`BODY.PEEK[part]<0.2048>`):
 * one FETCH per part number, never a whole body. Runs inside the caller's mailbox lock.
 */
export async function fetchPreviews(client: ImapFlow, headers: readonly MessageHeader[]): Promise<Preview[]> {
  const byPart = new Map<string, Array<{ uid: number; part: DisplayPart }>>();
  for (const header of headers) {
    const part = header.bodyStructure === null ? null : pickDisplayPart(header.bodyStructure);
    if (part === null) continue;
    byPart.set(part.part, [...(byPart.get(part.part) ?? []), { uid: header.uid, part }]);
  }
  const previews: Preview[] = [];
  for (const [partId, messages] of byPart) {
    const parts = new Map(messages.map((message) => [message.uid, message.part]));
    for (const { uid, body } of await fetchDecodedParts(client, partId, parts, PREVIEW_BYTES)) previews.push({ uid, preview: previewText(body) });
  }
  return previews;
}
