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
    if (start !== undefined && end !== undefined) parts.push(start === end ? `${start}` : `${start}:${end}`);
    start = uid;
    end = uid;
  }
  if (start !== undefined && end !== undefined) parts.push(start === end ? `${start}` : `${start}:${end}`);
  return parts.join(',');
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
