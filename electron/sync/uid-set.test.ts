import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../e2e/support/seeded-random';
import { MAX_UID_SET_LENGTH, newestFirstBatches, toUidSet, uidChunks } from './uid-set';
import { uidsOfSet } from './uid-search';

describe('toUidSet', () => {
  it('writes runs as ranges, whatever the input order', () => {
    expect(toUidSet([7, 1, 2, 3, 9, 10])).toBe('1:3,7,9:10');
    expect(toUidSet([5])).toBe('5');
    expect(toUidSet([])).toBe('');
  });
});

describe('newestFirstBatches', () => {
  it('starts with a small batch of the newest UIDs, then goes down in full batches', () => {
    const batches = newestFirstBatches(
      Array.from({ length: 12 }, (_, index) => index + 1),
      2,
      4,
    );
    expect(batches).toEqual([
      [12, 11],
      [10, 9, 8, 7],
      [6, 5, 4, 3],
      [2, 1],
    ]);
    expect(newestFirstBatches([], 2, 4)).toEqual([]);
  });
});

describe('uidChunks', () => {
  it('keeps the set of a thousand sparse ten-digit UIDs within a command line', () => {
    const sparse = Array.from({ length: 1000 }, (_, index) => 4_000_000_000 + index * 2);
    const chunks = uidChunks(sparse, 1000);
    expect(chunks.length).toBe(2);
    for (const chunk of chunks) expect(toUidSet(chunk).length).toBeLessThanOrEqual(MAX_UID_SET_LENGTH);
    expect(chunks.flat()).toEqual(sparse);
  });

  it('bounds chunks by UIDs as well as by characters, runs written as ranges', () => {
    expect(uidChunks([5, 1, 2, 3, 4, 3], 10)).toEqual([[1, 2, 3, 4, 5]]);
    expect(uidChunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(uidChunks([], 10)).toEqual([]);
    expect(uidChunks([1, 3, 5, 6, 7], 10, 5)).toEqual([
      [1, 3, 5],
      [6, 7],
    ]);
  });

  it('splits any set into the fewest chunks that fit, in order, losing and repeating nothing', () => {
    const random = mulberry32(11);
    for (let round = 0; round < 200; round++) {
      const uids = Array.from({ length: Math.floor(random() * 400) }, () => 1 + Math.floor(random() * (random() < 0.5 ? 600 : 4e9)));
      const maxCount = 1 + Math.floor(random() * 300);
      const maxLength = 12 + Math.floor(random() * 800);
      const chunks = uidChunks(uids, maxCount, maxLength);
      expect(chunks.flat()).toEqual([...new Set(uids)].sort((a, b) => a - b));
      for (const [index, chunk] of chunks.entries()) {
        expect(chunk.length).toBeLessThanOrEqual(maxCount);
        expect(toUidSet(chunk).length).toBeLessThanOrEqual(maxLength);
        // Greedy: the next chunk's first UID would not have fitted.
        const next = chunks[index + 1]?.[0];
        if (next !== undefined) expect(chunk.length === maxCount || toUidSet([...chunk, next]).length > maxLength).toBe(true);
      }
    }
  });
});

describe('uidsOfSet (ESEARCH ALL)', () => {
  it('expands ranges either way round, within the range asked about', () => {
    expect(uidsOfSet('1:3,7,10:8,2:3', 1, 100, 100)).toEqual([1, 2, 3, 7, 8, 9, 10]);
    expect(uidsOfSet('1:100000', 99_998, 4_294_967_295, 100)).toEqual([99_998, 99_999, 100_000]);
    expect(uidsOfSet('', 1, 10, 10)).toEqual([]);
  });

  it('refuses what is no set, and counts a range before it lists it', () => {
    expect(uidsOfSet('1:x', 1, 10, 10)).toBeNull();
    expect(uidsOfSet('*', 1, 10, 10)).toBeNull();
    expect(uidsOfSet('1:4294967294', 1, 4_294_967_295, 100_000)).toBeNull();
    expect(uidsOfSet('1:3', 1, 10, 2)).toBeNull();
  });
});
