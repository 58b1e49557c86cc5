import { describe, expect, it } from 'vitest';
import { FlagPasses } from './flag-passes';

describe('FlagPasses', () => {
  it('lets background work read the newest flags only, until a full pass is due again', () => {
    let now = 0;
    const passes = new FlagPasses({ fullPassEveryMs: 1000, recentMessages: 7 }, () => now);
    const inbox = { accountId: 'a', path: 'INBOX' };
    expect(passes.due(inbox)).toBe(true);
    expect(passes.scope(inbox, true)).toBeUndefined();
    passes.fullPassDone(inbox);
    expect(passes.scope(inbox, true)).toBe(7);
    // What the user asks for always reads everything.
    expect(passes.scope(inbox, false)).toBeUndefined();
    expect(passes.due({ accountId: 'a', path: 'Sent' })).toBe(true);
    now = 999;
    expect(passes.due(inbox)).toBe(false);
    now = 1000;
    expect(passes.due(inbox)).toBe(true);
  });
});
