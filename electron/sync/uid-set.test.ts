import { describe, expect, it } from 'vitest';
import { newestFirstBatches, toUidSet } from './uid-set';

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
