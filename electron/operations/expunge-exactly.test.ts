import { describe, expect, inject, it } from 'vitest';
import { appendMessages, createUser, imapClientFor } from '../../e2e/support/dovecot';
import { generateMailbox } from '../../e2e/support/messages';
import { expungeExactly } from './message-operations';

describe('expungeExactly without UIDPLUS', () => {
  it('expunges when only its own messages are marked, and never takes another client’s \\Deleted mail', async () => {
    const info = inject('dovecot');
    const user = await createUser(info, 'expunge');
    const uids = await appendMessages(
      info,
      user,
      'INBOX',
      generateMailbox(4, 80).map((message) => message.raw),
    );
    const client = await imapClientFor(info, user);
    try {
      await client.mailboxOpen('INBOX');
      const present = async (): Promise<number[]> => {
        const found = await client.search({ all: true }, { uid: true });
        return Array.isArray(found) ? found : [];
      };
      // Another client marked uids[3] \Deleted and means to expunge it itself, later.
      await client.messageFlagsAdd(String(uids[3]), ['\\Deleted'], { uid: true });
      expect(await expungeExactly(client, [uids[0] ?? 0], false)).toBe(false);
      expect(await present()).toEqual(uids);

      // An answer that leaves ours out (a broken SEARCH reads as no messages) vouches for nothing.
      const search = client.search.bind(client);
      client.search = () => Promise.resolve([]);
      try {
        expect(await expungeExactly(client, [uids[0] ?? 0], false)).toBe(false);
      } finally {
        client.search = search;
      }
      expect(await present()).toEqual(uids);

      await client.messageFlagsRemove(String(uids[3]), ['\\Deleted'], { uid: true });
      expect(await expungeExactly(client, [uids[0] ?? 0, uids[1] ?? 0], false)).toBe(true);
      expect(await present()).toEqual(uids.slice(2));
    } finally {
      await client.logout();
    }
  });
});
