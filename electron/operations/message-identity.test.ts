import { describe, expect, it } from 'vitest';
import { sameMessageElsewhere } from './message-operations';

describe('sameMessageElsewhere', () => {
  it('knows a copy on another server by its Message-ID, whatever size that server reports', () => {
    const sought = { uid: 7, messageId: '<a@kestrel.test>', size: 2048 };
    expect(sameMessageElsewhere({ uid: 90, messageId: '<a@kestrel.test>', size: 2100 }, sought)).toBe(true);
    expect(sameMessageElsewhere({ uid: 91, messageId: '<b@kestrel.test>', size: 2048 }, sought)).toBe(false);
  });

  it('falls back to the size for a message without a Message-ID', () => {
    const sought = { uid: 7, messageId: null, size: 2048 };
    expect(sameMessageElsewhere({ uid: 90, messageId: null, size: 2048 }, sought)).toBe(true);
    expect(sameMessageElsewhere({ uid: 91, messageId: '<b@kestrel.test>', size: 2048 }, sought)).toBe(false);
  });
});
