import type { ImapFlow } from 'imapflow';
import type { MessageBody } from '../../shared/domain/message';
import { decodeDisplayPart, type DisplayPart } from '../mime';
import { toUidSet } from './uid-set';

export interface DecodedPart {
  uid: number;
  body: MessageBody;
}

/**
 * One FETCH of the same part number of several messages, at most `maxLength` bytes each
 * (`BODY.PEEK[part]<0.maxLength>`), decoded. Runs inside the caller's mailbox lock; the fetch loop is
 * drained before anything else runs, since a command inside it deadlocks imapflow.
 */
export async function fetchDecodedParts(
  client: ImapFlow,
  partId: string,
  parts: ReadonlyMap<number, DisplayPart>,
  maxLength: number,
): Promise<DecodedPart[]> {
  const decoded: DecodedPart[] = [];
  const query = { uid: true, bodyParts: [{ key: partId, maxLength }] };
  for await (const message of client.fetch(toUidSet([...parts.keys()]), query, { uid: true })) {
    const raw = message.bodyParts?.get(partId);
    const part = parts.get(message.uid);
    if (raw === undefined || part === undefined) continue;
    decoded.push({ uid: message.uid, body: decodeDisplayPart(raw, part, { cut: raw.length >= maxLength }) });
  }
  return decoded;
}
