import type { ImapFlow } from 'imapflow';
import type { MessageRef } from '../../shared/cache/delta';
import type { MessageBody } from '../../shared/domain/message';
import { pickDisplayParts } from '../mime';
import { fetchStructure, withMessageFolder } from '../imap/mailbox';
import { fetchJoinedBody } from './display-parts';
import { toBodyStructure } from './header-record';

const noDisplayablePart: MessageBody = { kind: 'none', text: '', truncated: false };

/**
 * Fetches only the parts a reader shows (never the whole message, never attachments) and decodes them.
 * BODY.PEEK keeps the server from marking the message read as a side effect.
 */
export function fetchDisplayBody(client: ImapFlow, ref: MessageRef): Promise<MessageBody> {
  return withMessageFolder(client, ref, 'body fetch', async () => {
    const parts = pickDisplayParts(toBodyStructure(await fetchStructure(client, ref.uid)));
    return parts.length === 0 ? noDisplayablePart : fetchJoinedBody(client, ref.uid, parts);
  });
}
