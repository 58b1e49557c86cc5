/** One run of a UID set: "7", or "1:3". */
function runText(start: number, end: number): string {
  return start === end ? String(start) : `${String(start)}:${String(end)}`;
}

/** Writes ascending UIDs as an IMAP sequence set with ranges: [1,2,3,7] -> "1:3,7". */
export function toUidSet(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let end = start;
  for (const uid of sorted.slice(1)) {
    if (end !== undefined && uid === end + 1) {
      end = uid;
      continue;
    }
    if (start !== undefined && end !== undefined) parts.push(runText(start, end));
    start = uid;
    end = uid;
  }
  if (start !== undefined && end !== undefined) parts.push(runText(start, end));
  return parts.join(',');
}

/**
 * RFC 7162 asks clients to keep command lines near 8,192 octets, and servers enforce less or about that
 * (Exchange refuses commands over 10,240 bytes by default): a UID set leaves room for the rest of its command.
 */
export const MAX_UID_SET_LENGTH = 7_000;

/**
 * Splits UIDs into ascending chunks of at most `maxCount` whose sets (see toUidSet) stay within
 * `maxSetLength` characters: a thousand sparse ten-digit UIDs would write an 11 KB command line.
 */
export function uidChunks(uids: readonly number[], maxCount: number, maxSetLength: number = MAX_UID_SET_LENGTH): number[][] {
  const chunks: number[][] = [];
  let chunk: number[] = [];
  /** Length of the chunk's set without its last run, and where that run starts. */
  let closedLength = 0;
  let runStart = 0;
  for (const uid of [...new Set(uids)].sort((a, b) => a - b)) {
    const last = chunk.at(-1);
    const extendsRun = last !== undefined && uid === last + 1;
    const length = extendsRun
      ? closedLength + runText(runStart, uid).length
      : closedLength + (last === undefined ? 0 : runText(runStart, last).length + 1) + String(uid).length;
    if (last !== undefined && (chunk.length >= maxCount || length > maxSetLength)) {
      chunks.push(chunk);
      chunk = [];
      closedLength = 0;
    } else if (last !== undefined && !extendsRun) {
      closedLength += runText(runStart, last).length + 1;
    }
    if (chunk.length === 0 || !extendsRun) runStart = uid;
    chunk.push(uid);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Splits newest-first UIDs into batches: a small first one so the newest mail shows at once. */
export function newestFirstBatches(uidsAscending: readonly number[], firstSize: number, size: number): number[][] {
  const descending = [...uidsAscending].sort((a, b) => b - a);
  const batches: number[][] = [];
  let offset = 0;
  while (offset < descending.length) {
    const take = batches.length === 0 ? firstSize : size;
    batches.push(descending.slice(offset, offset + take));
    offset += take;
  }
  return batches;
}
