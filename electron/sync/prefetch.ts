import type { ImapFlow } from 'imapflow';
import type { FolderRef, WantedBody } from '../../shared/cache/delta';
import type { MessageBody } from '../../shared/domain/message';
import { AppFailure } from '../../shared/ipc/result';
import { withMessageFolder } from '../imap/mailbox';
import { MAX_DISPLAY_PART_BYTES, pickDisplayParts, type DisplayPart } from '../mime';
import { fetchDecodedParts, fetchJoinedBody } from './display-parts';

/** Bytes of display parts per FETCH: a batch is one round trip, and its memory stays small. */
const BATCH_BYTES = 4 * 1024 * 1024;
const NOTHING_TO_SHOW: MessageBody = { kind: 'none', text: '', truncated: false };

export interface PrefetchedBody {
  uid: number;
  body: MessageBody;
}

/** Splits wanted messages into FETCHes of one part number each, a few megabytes at most. */
function plan(wanted: readonly WantedBody[]): {
  none: number[];
  batches: Array<{ partId: string; parts: Map<number, DisplayPart> }>;
  /** Messages that show several parts (text, picture, text): one FETCH each. */
  joined: Array<{ uid: number; parts: DisplayPart[] }>;
} {
  const none: number[] = [];
  const joined: Array<{ uid: number; parts: DisplayPart[] }> = [];
  const batches: Array<{ partId: string; parts: Map<number, DisplayPart>; bytes: number }> = [];
  for (const message of wanted) {
    const parts = message.bodyStructure === null ? [] : pickDisplayParts(message.bodyStructure);
    const [part] = parts;
    if (part === undefined) {
      none.push(message.uid);
      continue;
    }
    if (parts.length > 1) {
      joined.push({ uid: message.uid, parts });
      continue;
    }
    const size = Math.min(part.size ?? MAX_DISPLAY_PART_BYTES, MAX_DISPLAY_PART_BYTES);
    let batch = batches.find((candidate) => candidate.partId === part.part && candidate.bytes + size <= BATCH_BYTES);
    if (batch === undefined) {
      batch = { partId: part.part, parts: new Map(), bytes: 0 };
      batches.push(batch);
    }
    batch.parts.set(message.uid, part);
    batch.bytes += size;
  }
  return { none, batches, joined };
}

/**
 * Fetches and decodes the display parts of messages a folder kept offline does not have yet. Only the
 * part a reader shows, never attachments; BODY.PEEK so nothing is marked read.
 */
export function prefetchBodies(client: ImapFlow, ref: FolderRef & { uidValidity: number }, wanted: readonly WantedBody[]): Promise<PrefetchedBody[]> {
  return withMessageFolder(client, ref, 'offline prefetch', async () => {
    const { none, batches, joined } = plan(wanted);
    const bodies: PrefetchedBody[] = none.map((uid) => ({ uid, body: NOTHING_TO_SHOW }));
    for (const { partId, parts } of batches) bodies.push(...(await fetchDecodedParts(client, partId, parts, MAX_DISPLAY_PART_BYTES)));
    for (const { uid, parts } of joined) {
      // A message expunged meanwhile is skipped, as the batches skip theirs.
      const body = await fetchJoinedBody(client, uid, parts).catch((error: unknown) => {
        if (error instanceof AppFailure && error.appError.code === 'NOT_FOUND') return null;
        throw error;
      });
      if (body !== null) bodies.push({ uid, body });
    }
    // In the order asked for (newest first): when the budget runs out, the newest are the ones kept.
    const rank = new Map(wanted.map((message, index) => [message.uid, index]));
    return bodies.sort((a, b) => (rank.get(a.uid) ?? 0) - (rank.get(b.uid) ?? 0));
  });
}
