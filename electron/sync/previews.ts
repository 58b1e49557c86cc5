import type { ImapFlow } from 'imapflow';
import type { MessageHeader } from '../../shared/domain/message';
import { decodeDisplayPart, pickDisplayPart, previewText, type DisplayPart } from '../mime';
import { toUidSet } from './uid-set';

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
    const query = { uid: true, bodyParts: [{ key: partId, maxLength: PREVIEW_BYTES }] };
    // Drained before anything else runs: a command inside imapflow's fetch loop deadlocks.
    for await (const message of client.fetch(toUidSet([...parts.keys()]), query, { uid: true })) {
      const raw = message.bodyParts?.get(partId);
      const part = parts.get(message.uid);
      if (raw === undefined || part === undefined) continue;
      previews.push({ uid: message.uid, preview: previewText(decodeDisplayPart(raw, part, { cut: true })) });
    }
  }
  return previews;
}
