import { afterEach, describe, expect, inject, it } from 'vitest';
import { folderKey } from '../../shared/domain/folder';
import type { Draft } from '../../shared/domain/draft';
import { createUser, imapClientFor, type DovecotInfo, type TestUser } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import { MailActions } from '../../renderer/src/cache/mail-actions';

interface SavedDraft {
  flags: string[];
  messageId: string | null;
  subject: string | null;
  source: string;
}

async function serverDrafts(info: DovecotInfo, user: TestUser): Promise<SavedDraft[]> {
  const client = await imapClientFor(info, user);
  try {
    await client.mailboxOpen('Drafts', { readOnly: true });
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    const found: SavedDraft[] = [];
    for await (const message of client.fetch('1:*', { flags: true, envelope: true, source: true })) {
      found.push({
        flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
        messageId: message.envelope?.messageId ?? null,
        subject: message.envelope?.subject ?? null,
        source: message.source?.toString('utf8') ?? '',
      });
    }
    return found;
  } finally {
    await client.logout();
  }
}

function draftFrom(user: TestUser, subject: string): Draft {
  return {
    from: { name: 'Tester', address: user.email },
    to: [{ name: 'Ada Lovelace', address: 'ada@example.com' }],
    cc: [],
    bcc: [],
    subject,
    text: 'Dear Ada,\n\nthe engine is ready. Grüße!\n',
    messageId: `<${subject.replace(/\W+/g, '-')}@kestrel.test>`,
    date: Date.UTC(2026, 10, 26, 12, 0, 0),
  };
}

describe('drafts written in Kestrel', () => {
  const engines: TestEngine[] = [];
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.dispose()));
  });

  async function setUp(name: string, options?: Parameters<typeof createTestEngine>[0]) {
    const info = inject('dovecot');
    const user = await createUser(info, name);
    const engine = await createTestEngine(options);
    engines.push(engine);
    const account = expectOk(await engine.invoke('accounts.add', draftFor(info, user)));
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    return { info, user, engine, account, actions: new MailActions(engine.db) };
  }

  it('are saved to Drafts once, marked \\Draft and read, and come back into the cache with the sync', async () => {
    const { info, user, engine, account, actions } = await setUp('draftsave');
    await actions.saveDraft(account.id, draftFrom(user, 'Engine report'));
    expect(expectOk(await engine.invoke('operations.replay', { accountId: account.id })).remaining).toBe(0);
    const saved = await serverDrafts(info, user);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ flags: ['\\Draft', '\\Seen'], messageId: '<Engine-report@kestrel.test>', subject: 'Engine report' });
    expect(saved[0]?.source).toContain('To: Ada Lovelace <ada@example.com>');
    const key = folderKey(account.id, 'Drafts');
    const cached = await engine.db.messages.where('[folderKey+uid]').between([key, -Infinity], [key, Infinity]).toArray();
    expect(cached.map((row) => row.subject)).toEqual(['Engine report']);
  });

  it('are not saved twice when the answer to the APPEND was lost', async () => {
    let settleFailures = 1;
    const { info, user, engine, account, actions } = await setUp('draftlost', {
      // The app dies after the server stored the draft and before the cache heard of it.
      interceptCache: (request) =>
        request.op === 'operationSettled' && settleFailures-- > 0 ? { ok: false, error: { code: 'STORAGE_FAILED', message: 'disk gone' } } : null,
    });
    await actions.saveDraft(account.id, draftFrom(user, 'Only once'));
    expect((await engine.invoke('operations.replay', { accountId: account.id })).ok).toBe(false);
    expect((await engine.db.operations.toArray())[0]?.checkpoint).not.toBeNull();
    expect(expectOk(await engine.invoke('operations.replay', { accountId: account.id })).remaining).toBe(0);
    expect((await serverDrafts(info, user)).map((draft) => draft.messageId)).toEqual(['<Only-once@kestrel.test>']);
  });

  it('are kept, with the reason, when the server refuses them: nothing the user wrote is lost', async () => {
    const { user, engine, account, actions } = await setUp('draftrefused');
    // The cache still lists a Drafts folder another client has deleted since (the test server would
    // create its own Drafts again on demand, so the cache's drafts folder is one the server never had).
    await engine.db.folders
      .where('accountId')
      .equals(account.id)
      .modify((folder) => {
        if (folder.role === 'drafts') folder.role = null;
      });
    const drafts = await engine.db.folders.get([account.id, 'Archive']);
    if (drafts === undefined) throw new Error('no Archive folder to copy');
    await engine.db.folders.put({ ...drafts, path: 'Letters', name: 'Letters', role: 'drafts' });
    const draft = draftFrom(user, 'Nowhere to go');
    await actions.saveDraft(account.id, draft);
    await engine.invoke('operations.replay', { accountId: account.id });
    const failed = (await engine.db.operations.toArray()).find((row) => row.operation.kind === 'saveDraft');
    expect(failed?.state).toBe('failed');
    expect(failed?.error?.message).toBe(
      'The folder Letters no longer exists on the server. The draft is kept: open it again from the failed change.',
    );
    expect(failed?.operation).toEqual({ kind: 'saveDraft', path: 'Letters', draft });
  });

  it('are refused at once, with what to do, by an account without a Drafts folder or for a field that is not valid', async () => {
    const { user, engine, account, actions } = await setUp('draftnofolder');
    await expect(actions.saveDraft(account.id, { ...draftFrom(user, 'x'), messageId: 'not an id' })).rejects.toThrow(/cannot be saved/);
    await engine.db.folders
      .where('accountId')
      .equals(account.id)
      .modify((folder) => {
        if (folder.role === 'drafts') folder.role = null;
      });
    await expect(actions.saveDraft(account.id, draftFrom(user, 'x'))).rejects.toThrow(/no Drafts folder/);
    expect(await engine.db.operations.count()).toBe(0);
  });
});
