import { afterEach, describe, expect, it } from 'vitest';
import { CacheThread } from './cache-thread';

describe('CacheThread', () => {
  const threads: CacheThread[] = [];
  afterEach(async () => {
    await Promise.all(threads.splice(0).map((thread) => thread.stop()));
  });

  it('answers cache requests with the writer running on a thread of its own', async () => {
    const thread = new CacheThread();
    threads.push(thread);
    const ref = { accountId: 'a1', path: 'INBOX' };
    const folder = {
      ...ref,
      name: 'INBOX',
      delimiter: '/',
      parentPath: null,
      role: 'inbox' as const,
      subscribed: true,
      selectable: true,
      keepOffline: false,
    };
    const state = { uidValidity: 7, uidNext: 3, highestModseq: null, completeDownTo: 1, messageCount: 0 };
    expect(await thread.serve({ op: 'apply', delta: { kind: 'folders', accountId: 'a1', folders: [folder] } })).toEqual({ ok: true, value: null });
    expect(
      await thread.serve({ op: 'apply', delta: { kind: 'messages', ...ref, reset: false, upserts: [], flagUpdates: [], expunged: [], state } }),
    ).toEqual({ ok: true, value: null });
    expect(await thread.serve({ op: 'folderState', ref })).toEqual({ ok: true, value: state });
  });
});
