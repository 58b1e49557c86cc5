import type { ImapFlow } from 'imapflow';
import type { MessageHeader } from '../../shared/domain/message';
import { pickDisplayPart, previewText, type DisplayPart } from '../mime';
import { fetchDecodedParts } from './display-parts';

/** Enough bytes of a plain text part for 200 characters after decoding and quoting. */
const PREVIEW_BYTES = 2048;
/** An HTML part with no plain alternative: its head (style sheets, a template's markup) comes first. */
const HTML_PREVIEW_BYTES = 8192;

export interface Preview {
  uid: number;
  preview: string;
}

/**
 * The first words of each message, from a partial fetch of its text (`BODY.PEEK[part]<0.2048>`), the
 * plain alternative where there is one: one FETCH per part number, never a whole body. Runs inside the caller's mailbox lock.
 */
export async function fetchPreviews(client: ImapFlow, headers: readonly MessageHeader[]): Promise<Preview[]> {
  // One FETCH per part number and type: an HTML part is asked for more bytes.
  const byPart = new Map<string, Array<{ uid: number; part: DisplayPart }>>();
  for (const header of headers) {
    const part = header.bodyStructure === null ? null : pickDisplayPart(header.bodyStructure, 'plain');
    if (part === null) continue;
    const key = `${part.type} ${part.part}`;
    byPart.set(key, [...(byPart.get(key) ?? []), { uid: header.uid, part }]);
  }
  const previews: Preview[] = [];
  for (const messages of byPart.values()) {
    const [first] = messages;
    if (first === undefined) continue;
    const parts = new Map(messages.map((message) => [message.uid, message.part]));
    const bytes = first.part.type === 'text/html' ? HTML_PREVIEW_BYTES : PREVIEW_BYTES;
    for (const { uid, body } of await fetchDecodedParts(client, first.part.part, parts, bytes)) previews.push({ uid, preview: previewText(body) });
  }
  return previews;
}
