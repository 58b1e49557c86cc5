import type { ImapFlow } from 'imapflow';
import type { MessageRef } from '../../shared/cache/delta';
import type { MessageBody } from '../../shared/domain/message';
import { AppFailure } from '../../shared/ipc/result';
import { decodeDisplayPart, MAX_DISPLAY_PART_BYTES, pickDisplayPart } from '../mime';
import { fetchStructure, withMessageFolder } from '../imap/mailbox';
import { toBodyStructure } from './header-record';

const noDisplayablePart: MessageBody = { kind: 'none', text: '', truncated: false };

/**
 * Fetches only the part a reader shows (never the whole message, never attachments) and decodes it.
 * BODY.PEEK keeps the server from marking the message read as a side effect.
 */
export function fetchDisplayBody(client: ImapFlow, ref: MessageRef): Promise<MessageBody> {
  return withMessageFolder(client, ref, 'body fetch', async () => {
    const part = pickDisplayPart(toBodyStructure(await fetchStructure(client, ref.uid)));
    if (part === null) return noDisplayablePart;
    const fetched = await client.fetchOne(
      String(ref.uid),
      { uid: true, bodyParts: [{ key: part.part, maxLength: MAX_DISPLAY_PART_BYTES }] },
      { uid: true },
    );
    const raw = fetched === false ? undefined : fetched.bodyParts?.get(part.part);
    if (raw === undefined) throw new AppFailure({ code: 'NOT_FOUND', message: 'This message was deleted on the server.' });
    const cut = raw.length >= MAX_DISPLAY_PART_BYTES;
    // Should the part come back through FETCH BINARY (imapflow reports it), the server already undid the
    // transfer encoding, and decoding it again would corrupt base64 parts.
    const serverDecoded = fetched !== false && fetched.binaryParts?.has(part.part) === true;
    return decodeDisplayPart(raw, serverDecoded ? { ...part, encoding: null } : part, { cut });
  });
}
