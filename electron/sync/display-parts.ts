import type { ImapFlow } from 'imapflow';
import type { MessageBody } from '../../shared/domain/message';
import { AppFailure } from '../../shared/ipc/result';
import { decodeDisplayPart, joinBodies, MAX_DISPLAY_PART_BYTES, type DisplayPart } from '../mime';
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

/** Each of several parts gets an equal share of what one part may be, but never less than this. */
const MIN_PART_BYTES = 256 * 1024;

/**
 * The parts one message shows (see pickDisplayParts), fetched in one FETCH (`BODY.PEEK[part]<0.n>` each),
 * decoded and joined in their order. A message gone from the folder is NOT_FOUND. Runs inside the
 * caller's mailbox lock.
 */
export async function fetchJoinedBody(client: ImapFlow, uid: number, parts: readonly DisplayPart[]): Promise<MessageBody> {
  const maxLength = Math.max(Math.floor(MAX_DISPLAY_PART_BYTES / Math.max(parts.length, 1)), MIN_PART_BYTES);
  const fetched = await client.fetchOne(String(uid), { uid: true, bodyParts: parts.map((part) => ({ key: part.part, maxLength })) }, { uid: true });
  if (fetched === false) throw new AppFailure({ code: 'NOT_FOUND', message: 'This message was deleted on the server.' });
  const bodies = parts.map((part) => {
    const raw = fetched.bodyParts?.get(part.part);
    if (raw === undefined) throw new AppFailure({ code: 'NOT_FOUND', message: 'This message was deleted on the server.' });
    // Should a part come back through FETCH BINARY (imapflow reports it), the server already undid the
    // transfer encoding, and decoding it again would corrupt base64 parts.
    const serverDecoded = fetched.binaryParts?.has(part.part) === true;
    return decodeDisplayPart(raw, serverDecoded ? { ...part, encoding: null } : part, { cut: raw.length >= maxLength });
  });
  return joinBodies(bodies);
}
