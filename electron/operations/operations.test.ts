import { afterEach, describe, expect, inject, it } from 'vitest';
import { folderKey } from '../../shared/domain/folder';
import type { DovecotInfo, TestUser } from '../../e2e/support/dovecot';
import { appendMessages, createUser, doveadmMailbox, imapClientFor } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import { FaultProxy } from '../../e2e/support/fault-proxy';
import { generateMailbox } from '../../e2e/support/messages';
import { MailActions } from '../../renderer/src/cache/mail-actions';
import { waitFor } from '../../e2e/support/wait';

interface ServerMessage {
  uid: number;
  flags: string[];
  messageId: string | null;
}

async function serverFolder(info: DovecotInfo, user: TestUser, path: string): Promise<ServerMessage[]> {
  const client = await imapClientFor(info, user);
  try {
    await client.mailboxOpen(path, { readOnly: true });
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    const found: ServerMessage[] = [];
    for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
      found.push({
        uid: message.uid,
        flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
        messageId: message.envelope?.messageId ?? null,
      });
    }
    return found;
  } finally {
    await client.logout();
  }
}

async function serverFolders(info: DovecotInfo, user: TestUser): Promise<Array<{ path: string; subscribed: boolean }>> {
  const client = await imapClientFor(info, user);
  try {
    return (await client.list())
      .map((folder) => ({ path: folder.path, subscribed: (folder.subscribed as boolean | undefined) ?? false }))
      .sort((a, b) => a.path.localeCompare(b.path));
  } finally {
    await client.logout();
  }
}

/** An account added to the engine and synced once. */
async function addAndSync(engine: TestEngine, info: DovecotInfo, user: TestUser): Promise<{ id: string }> {
  const account = expectOk(await engine.invoke('accounts.add', draftFor(info, user)));
  expectOk(await engine.invoke('sync.account', { accountId: account.id }));
  return account;
}

async function pendingCount(engine: TestEngine): Promise<number> {
  return (await engine.db.operations.toArray()).filter((row) => row.state === 'pending').length;
}

const servers: Array<{ server: string; info: () => DovecotInfo }> = [
  { server: 'with MOVE', info: () => inject('dovecot') },
  { server: 'without MOVE (COPY, \\Deleted, UID EXPUNGE)', info: () => inject('dovecotNoCondstore') },
];

describe.each(servers)('queued changes on a server $server', ({ info: server }) => {
  const engines: TestEngine[] = [];
  const proxies: FaultProxy[] = [];

  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.dispose()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  });

  async function setUp(name: string, options: { viaProxy?: boolean } = {}) {
    const info = server();
    const user = await createUser(info, name);
    const uids = await appendMessages(
      info,
      user,
      'INBOX',
      generateMailbox(4, 70).map((message) => message.raw),
    );
    const proxy = options.viaProxy === true ? await FaultProxy.start(info.tlsPort) : null;
    if (proxy !== null) proxies.push(proxy);
    const engine = await createTestEngine();
    engines.push(engine);
    const account = expectOk(await engine.invoke('accounts.add', draftFor(info, user, proxy === null ? {} : { port: proxy.port })));
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const actions = new MailActions(engine.db);
    const inbox = (selected: number[]) => ({ accountId: account.id, path: 'INBOX', uids: selected });
    const cached = async (path: string) => {
      const key = folderKey(account.id, path);
      return engine.db.messages.where('[folderKey+uid]').between([key, -Infinity], [key, Infinity]).toArray();
    };
    const replay = async (on: TestEngine = engine) => expectOk(await on.invoke('operations.replay', { accountId: account.id })).remaining;
    return { info, user, engine, account, actions, uids, inbox, cached, replay, proxy };
  }

  it('shows flags and tags at once, and puts them on the server when replayed', async () => {
    const { info, user, engine, actions, uids, inbox, cached, replay } = await setUp('opflags');
    const [first, second] = uids as [number, number];
    await actions.setFlags(inbox([first, second]), ['\\Seen', '\\Flagged', '$Important'], []);
    const shown = await cached('INBOX');
    expect(shown.find((row) => row.uid === first)?.flags).toEqual(expect.arrayContaining(['\\Seen', '\\Flagged', '$Important']));
    expect(await pendingCount(engine)).toBe(1);

    expect(await replay()).toBe(0);
    const onServer = await serverFolder(info, user, 'INBOX');
    expect(onServer.find((message) => message.uid === first)?.flags).toEqual(['$Important', '\\Flagged', '\\Seen']);
    await actions.setFlags(inbox([first]), [], ['\\Seen', '$Important']);
    await replay();
    expect((await serverFolder(info, user, 'INBOX')).find((message) => message.uid === first)?.flags).toEqual(['\\Flagged']);
    expect(await pendingCount(engine)).toBe(0);
    expect((await engine.db.folderCounts.get(folderKey((await cached('INBOX'))[0]?.accountId ?? '', 'INBOX')))?.unread).toBe(3);
  });

  it('marks a whole folder read, locally and on the server', async () => {
    const { info, user, engine, account, actions, replay } = await setUp('opread');
    await actions.markFolderRead(account.id, 'INBOX');
    expect((await engine.db.folderCounts.get(folderKey(account.id, 'INBOX')))?.unread).toBe(0);
    await replay();
    expect((await serverFolder(info, user, 'INBOX')).every((message) => message.flags.includes('\\Seen'))).toBe(true);
  });

  it('moves messages at once, then learns their new UIDs without fetching their headers again', async () => {
    const { info, user, engine, actions, uids, inbox, cached, replay } = await setUp('opmove');
    const [first, second] = uids as [number, number];
    await actions.move(inbox([first, second]), 'Archive');
    expect((await cached('INBOX')).map((row) => row.uid)).not.toContain(first);
    const placeholders = await cached('Archive');
    expect(placeholders.map((row) => row.uid).every((uid) => uid < 0)).toBe(true);
    expect(placeholders).toHaveLength(2);

    engine.cacheRequests.length = 0;
    expect(await replay()).toBe(0);
    const archived = await serverFolder(info, user, 'Archive');
    expect(archived).toHaveLength(2);
    expect((await cached('Archive')).map((row) => row.uid).sort()).toEqual(archived.map((message) => message.uid).sort());
    expect((await serverFolder(info, user, 'INBOX')).map((message) => message.uid)).toEqual(uids.slice(2));
    const refetched = engine.cacheRequests.flatMap((request) =>
      request.op === 'apply' && request.delta.kind === 'messages' && request.delta.path === 'Archive' ? request.delta.upserts : [],
    );
    expect(refetched).toEqual([]);
  });

  it('undoes a move before and after the server has done it, and each message ends where it began, once', async () => {
    const { info, user, actions, uids, inbox, cached, replay } = await setUp('opundo');
    const early = await actions.move(inbox([uids[0] ?? 0]), 'Archive');
    await actions.undoMove(early ?? 0);
    const late = await actions.move(inbox([uids[1] ?? 0]), 'Archive');
    await replay();
    await actions.undoMove(late ?? 0);
    await replay();
    expect(await serverFolder(info, user, 'Archive')).toEqual([]);
    const inboxOnServer = await serverFolder(info, user, 'INBOX');
    expect(inboxOnServer).toHaveLength(4);
    expect(new Set(inboxOnServer.map((message) => message.messageId)).size).toBe(4);
    expect((await cached('INBOX')).map((row) => row.uid).sort()).toEqual(inboxOnServer.map((message) => message.uid).sort());
    expect(await cached('Archive')).toEqual([]);

    // Moved on since: there is nothing to take back, and the user hears so.
    const moved = await actions.move(inbox([uids[2] ?? 0]), 'Archive');
    await replay();
    const [there] = await cached('Archive');
    await actions.move({ ...inbox([there?.uid ?? 0]), path: 'Archive' }, 'Trash');
    await expect(actions.undoMove(moved ?? 0)).rejects.toThrow(/no longer where that change put them/);
  });

  it('copies leave the source as it was', async () => {
    const { info, user, actions, uids, inbox, cached, replay } = await setUp('opcopy');
    await actions.move(inbox([uids[0] ?? 0]), 'Archive', { copy: true });
    await replay();
    expect(await serverFolder(info, user, 'INBOX')).toHaveLength(4);
    expect(await serverFolder(info, user, 'Archive')).toHaveLength(1);
    expect((await cached('Archive')).every((row) => row.uid > 0)).toBe(true);
  });

  it('deletes to Trash, and from Trash for good without touching mail another client marked \\Deleted', async () => {
    const { info, user, account, actions, uids, inbox, cached, replay } = await setUp('opdelete');
    const other = await imapClientFor(info, user);
    try {
      await other.mailboxOpen('Trash');
      await other.append('Trash', generateMailbox(1, 90)[0]?.raw ?? '', ['\\Deleted']);
    } finally {
      await other.logout();
    }
    await actions.delete(inbox([uids[0] ?? 0]));
    await replay();
    const trash = await cached('Trash');
    expect(trash.map((row) => row.uid).filter((uid) => uid > 0)).toHaveLength(2);
    expect(await actions.deletesForGood(account.id, 'Trash')).toBe(true);
    const ours = trash.find((row) => !row.flags.includes('\\Deleted'));
    await actions.delete({ accountId: account.id, path: 'Trash', uids: [ours?.uid ?? 0] });
    await replay();
    const left = await serverFolder(info, user, 'Trash');
    expect(left).toHaveLength(1);
    expect(left[0]?.flags).toContain('\\Deleted');
  });

  it('creates, renames, subscribes and deletes folders', async () => {
    const { info, user, engine, account, actions, replay } = await setUp('opfolders');
    const created = await actions.createFolder(account.id, null, 'Projects');
    const child = await actions.createFolder(account.id, created, 'Kestrel');
    expect(await engine.db.folders.get([account.id, child])).toBeDefined();
    await replay();
    expect((await serverFolders(info, user)).map((folder) => folder.path)).toEqual(expect.arrayContaining(['Projects', child]));

    await actions.renameFolder(account.id, 'Projects', 'Work');
    const renamedChild = child.replace('Projects', 'Work');
    expect(await engine.db.folders.get([account.id, renamedChild])).toBeDefined();
    await actions.setSubscribed(account.id, renamedChild, false);
    await replay();
    const afterRename = await serverFolders(info, user);
    expect(afterRename.map((folder) => folder.path)).not.toContain('Projects');
    expect(afterRename.find((folder) => folder.path === 'Work')?.subscribed).toBe(true);
    expect(afterRename.find((folder) => folder.path === renamedChild)?.subscribed).toBe(false);

    await expect(actions.deleteFolder(account.id, 'Work')).rejects.toThrow(/folders inside/);
    await actions.deleteFolder(account.id, renamedChild);
    await replay();
    expect((await serverFolders(info, user)).map((folder) => folder.path)).not.toContain(renamedChild);
    expect(await engine.db.folders.get([account.id, renamedChild])).toBeUndefined();
    expect(await pendingCount(engine)).toBe(0);
  });

  it('undoes and explains a move the server refuses: its folder was deleted elsewhere', async () => {
    const { info, user, engine, account, actions, uids, inbox, cached, replay } = await setUp('oprefuse');
    await actions.createFolder(account.id, null, 'Doomed');
    await replay();
    await actions.move(inbox([uids[0] ?? 0]), 'Doomed');
    doveadmMailbox(info, user, ['delete', 'Doomed']);
    await replay();
    expect((await cached('INBOX')).map((row) => row.uid)).toContain(uids[0]);
    const failed = (await engine.db.operations.toArray()).filter((row) => row.state !== 'done');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.state).toBe('failed');
    expect(failed[0]?.error?.message).toMatch(/no longer exists/);
    expect(await serverFolder(info, user, 'INBOX')).toHaveLength(4);
  });

  it('takes a refused move’s onward move back too: no ghost of the message stays where it was moved on to', async () => {
    const { info, user, engine, account, actions, uids, inbox, cached, replay } = await setUp('opghost');
    await actions.createFolder(account.id, null, 'Doomed');
    await replay();
    await actions.move(inbox([uids[0] ?? 0]), 'Doomed');
    const [placeholder] = await cached('Doomed');
    await actions.move({ ...inbox([placeholder?.uid ?? 0]), path: 'Doomed' }, 'Archive');
    const [ghost] = await cached('Archive');
    await actions.setFlags({ ...inbox([ghost?.uid ?? 0]), path: 'Archive' }, ['\\Flagged'], []);
    await actions.setFlags(inbox([uids[1] ?? 0]), ['\\Flagged'], []);
    doveadmMailbox(info, user, ['delete', 'Doomed']);

    expect(await replay()).toBe(0);
    expect(await cached('Archive')).toEqual([]);
    expect((await cached('INBOX')).map((row) => row.uid)).toContain(uids[0]);
    expect((await serverFolder(info, user, 'INBOX')).find((message) => message.uid === uids[1])?.flags).toContain('\\Flagged');
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    expect(await cached('Archive')).toEqual([]);
  });

  /** An engine whose cache fails to settle a change when told to: the app dies after the server answered. */
  async function setUpLosingAnswers(name: string, seed: number) {
    const info = server();
    const user = await createUser(info, name);
    const uids = await appendMessages(
      info,
      user,
      'INBOX',
      generateMailbox(3, seed).map((message) => message.raw),
    );
    let settleFailures = 0;
    const engine = await createTestEngine({
      interceptCache: (request) =>
        request.op === 'operationSettled' && settleFailures-- > 0 ? { ok: false, error: { code: 'STORAGE_FAILED', message: 'disk gone' } } : null,
    });
    engines.push(engine);
    const account = expectOk(await engine.invoke('accounts.add', draftFor(info, user)));
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const loseNextAnswer = (): void => {
      settleFailures = 1;
    };
    return { info, user, uids, engine, account, actions: new MailActions(engine.db), loseNextAnswer };
  }

  it('checks a move whose outcome was lost before repeating it: it happens once', async () => {
    const { info, user, uids, engine, account, actions, loseNextAnswer } = await setUpLosingAnswers('oplost', 71);
    // The app dies after the server moved the messages and before the cache heard of it.
    loseNextAnswer();
    await actions.move({ accountId: account.id, path: 'INBOX', uids: uids.slice(0, 2) }, 'Archive');
    const first = await engine.invoke('operations.replay', { accountId: account.id });
    expect(first.ok).toBe(false);
    expect((await engine.db.operations.toArray())[0]?.checkpoint).not.toBeNull();

    expect(expectOk(await engine.invoke('operations.replay', { accountId: account.id })).remaining).toBe(0);
    const archived = await serverFolder(info, user, 'Archive');
    expect(archived).toHaveLength(2);
    const key = folderKey(account.id, 'Archive');
    const rows = await engine.db.messages.where('[folderKey+uid]').between([key, -Infinity], [key, Infinity]).toArray();
    expect(rows.map((row) => row.uid).sort()).toEqual(archived.map((message) => message.uid).sort());
  });

  it('refuses a checked move whose destination was deleted meanwhile, instead of holding the queue and the sync for good', async () => {
    const { info, user, uids, engine, account, actions, loseNextAnswer } = await setUpLosingAnswers('oplostdest', 72);
    await actions.createFolder(account.id, null, 'Box');
    expectOk(await engine.invoke('operations.replay', { accountId: account.id }));
    // The move goes out with its checkpoint, and its answer is lost with the app.
    loseNextAnswer();
    await actions.move({ accountId: account.id, path: 'INBOX', uids: [uids[0] ?? 0] }, 'Box');
    await actions.setFlags({ accountId: account.id, path: 'INBOX', uids: [uids[1] ?? 0] }, ['\\Flagged'], []);
    expect((await engine.invoke('operations.replay', { accountId: account.id })).ok).toBe(false);
    doveadmMailbox(info, user, ['delete', 'Box']);

    // The check finds the folder gone: the move is refused and explained, and the flag behind it goes out.
    expect(expectOk(await engine.invoke('operations.replay', { accountId: account.id })).remaining).toBe(0);
    const failed = (await engine.db.operations.toArray()).filter((row) => row.state === 'failed');
    expect(failed.map((row) => row.error?.message)).toEqual([expect.stringMatching(/no longer exists/)]);
    expect((await serverFolder(info, user, 'INBOX')).find((message) => message.uid === uids[1])?.flags).toContain('\\Flagged');
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
  });

  it('sends changes queued while the server was unreachable by itself once it is back', async () => {
    const { info, user, actions, uids, inbox, proxy, replay } = await setUp('opretry', { viaProxy: true });
    if (proxy === null) throw new Error('no proxy');
    proxy.refuseNewConnections(true);
    proxy.dropAll();
    await actions.setFlags(inbox([uids[2] ?? 0]), ['\\Flagged'], []);
    expect(await replay()).toBe(1);
    proxy.refuseNewConnections(false);
    await waitFor(
      'the flag on the server without another call',
      async () => (await serverFolder(info, user, 'INBOX')).find((message) => message.uid === uids[2])?.flags.includes('\\Flagged') === true,
      10_000,
    );
  });

  it('keeps placeholders apart and follows a renamed destination: nothing is stuck, nothing hits the wrong message', async () => {
    const { info, user, account, actions, uids, inbox, cached, proxy, replay } = await setUp('opchain', { viaProxy: true });
    if (proxy === null) throw new Error('no proxy');
    await actions.createFolder(account.id, null, 'Inbound');
    expect(await replay()).toBe(0);
    proxy.refuseNewConnections(true);
    proxy.dropAll();
    // Moved into a folder, which is then renamed, and the moved message flagged there: all offline.
    await actions.move(inbox([uids[0] ?? 0]), 'Inbound');
    await actions.renameFolder(account.id, 'Inbound', 'Received');
    const moved = (await cached('Received'))[0];
    await actions.setFlags({ accountId: account.id, path: 'Received', uids: [moved?.uid ?? 0] }, ['\\Flagged'], []);
    // One placeholder deleted for good, then another message moved to the same folder and flagged.
    await actions.move(inbox([uids[1] ?? 0]), 'Trash');
    const first = (await cached('Trash'))[0];
    await actions.delete({ accountId: account.id, path: 'Trash', uids: [first?.uid ?? 0] });
    await actions.move(inbox([uids[2] ?? 0]), 'Trash');
    const second = (await cached('Trash'))[0];
    expect(second?.uid).not.toBe(first?.uid);
    await actions.setFlags({ accountId: account.id, path: 'Trash', uids: [second?.uid ?? 0] }, ['\\Flagged'], []);

    proxy.refuseNewConnections(false);
    expect(await replay()).toBe(0);
    const received = await serverFolder(info, user, 'Received');
    expect(received).toHaveLength(1);
    expect(received[0]?.flags).toContain('\\Flagged');
    const trash = await serverFolder(info, user, 'Trash');
    expect(trash.filter((message) => !message.flags.includes('\\Deleted'))).toHaveLength(1);
    expect(trash.find((message) => !message.flags.includes('\\Deleted'))?.flags).toContain('\\Flagged');
    expect((await cached('Received')).every((row) => row.uid > 0)).toBe(true);
  });

  it('keeps changes made offline across a restart and replays each once when the server is back', async () => {
    const { info, user, engine, account, actions, uids, inbox, proxy, replay } = await setUp('opoffline', { viaProxy: true });
    if (proxy === null) throw new Error('no proxy');
    proxy.refuseNewConnections(true);
    proxy.dropAll();
    await actions.setFlags(inbox([uids[0] ?? 0]), ['\\Flagged'], []);
    await actions.move(inbox([uids[1] ?? 0]), 'Archive');
    await actions.createFolder(account.id, null, 'Offline');
    expect(await replay()).toBe(3);

    await engine.stop();
    engines.splice(engines.indexOf(engine), 1);
    proxy.refuseNewConnections(false);
    const restarted = await createTestEngine({ restartOf: engine });
    engines.push(restarted);
    expectOk(await restarted.invoke('sync.account', { accountId: account.id }));
    expect(await pendingCount(restarted)).toBe(0);
    expect((await serverFolder(info, user, 'INBOX')).find((message) => message.uid === uids[0])?.flags).toContain('\\Flagged');
    expect(await serverFolder(info, user, 'Archive')).toHaveLength(1);
    expect((await serverFolders(info, user)).map((folder) => folder.path)).toContain('Offline');
    expect(await replay(restarted)).toBe(0);
    expect(await serverFolder(info, user, 'Archive')).toHaveLength(1);
  });
});

describe('moves between accounts', () => {
  it('moves mail into a folder just created in the other account once that account’s queue has created it', async () => {
    const full = inject('dovecot');
    const plain = inject('dovecotNoCondstore');
    const source = await createUser(full, 'xnewfrom');
    const destination = await createUser(plain, 'xnewto');
    const uids = await appendMessages(full, source, 'INBOX', [generateMailbox(1, 74)[0]?.raw ?? '']);
    const engine = await createTestEngine();
    try {
      const from = await addAndSync(engine, full, source);
      const to = await addAndSync(engine, plain, destination);
      const actions = new MailActions(engine.db);
      // Offline, then both at once: the folder exists only in the other account's queue when the move goes.
      await actions.createFolder(to.id, null, 'Fresh');
      await actions.move({ accountId: from.id, path: 'INBOX', uids: [uids[0] ?? 0] }, 'Fresh', { toAccountId: to.id });
      await engine.invoke('operations.replay', { accountId: from.id });
      await waitFor('both queues to empty', async () => (await pendingCount(engine)) === 0, 20_000);
      expect((await engine.db.operations.toArray()).filter((row) => row.state === 'failed')).toEqual([]);
      expect(await serverFolder(plain, destination, 'Fresh')).toHaveLength(1);
      expect(await serverFolder(full, source, 'INBOX')).toHaveLength(0);
    } finally {
      await engine.dispose();
    }
  });

  it('follows the other account’s rename of the destination when that rename reached the server first', async () => {
    const full = inject('dovecot');
    const plain = inject('dovecotNoCondstore');
    const source = await createUser(full, 'xrenfrom');
    const destination = await createUser(plain, 'xrento');
    const uids = await appendMessages(full, source, 'INBOX', [generateMailbox(1, 75)[0]?.raw ?? '']);
    const engine = await createTestEngine();
    try {
      const from = await addAndSync(engine, full, source);
      const to = await addAndSync(engine, plain, destination);
      const actions = new MailActions(engine.db);
      await actions.createFolder(to.id, null, 'Box');
      expectOk(await engine.invoke('operations.replay', { accountId: to.id }));
      await actions.move({ accountId: from.id, path: 'INBOX', uids: [uids[0] ?? 0] }, 'Box', { toAccountId: to.id });
      await actions.renameFolder(to.id, 'Box', 'Renamed');
      expectOk(await engine.invoke('operations.replay', { accountId: to.id }));

      expectOk(await engine.invoke('operations.replay', { accountId: from.id }));
      await waitFor('both queues to empty', async () => (await pendingCount(engine)) === 0, 20_000);
      expect((await engine.db.operations.toArray()).filter((row) => row.state === 'failed')).toEqual([]);
      expect(await serverFolder(plain, destination, 'Renamed')).toHaveLength(1);
      const key = folderKey(to.id, 'Renamed');
      expect(
        (await engine.db.messages.where('[folderKey+uid]').between([key, -Infinity], [key, Infinity]).toArray()).map((row) => row.uid > 0),
      ).toEqual([true]);
    } finally {
      await engine.dispose();
    }
  });

  it('appends at the destination, removes at the source only afterwards, and never twice after a lost answer', async () => {
    const full = inject('dovecot');
    const plain = inject('dovecotNoCondstore');
    const source = await createUser(full, 'xfrom');
    const destination = await createUser(plain, 'xto');
    const uids = await appendMessages(full, source, 'INBOX', [
      ...generateMailbox(2, 72).map((message) => ({ raw: message.raw, flags: ['\\Seen'] })),
      generateMailbox(1, 73)[0]?.raw ?? '',
    ]);
    let settleFailures = 1;
    const engine = await createTestEngine({
      interceptCache: (request) =>
        request.op === 'operationSettled' && settleFailures-- > 0 ? { ok: false, error: { code: 'STORAGE_FAILED', message: 'disk gone' } } : null,
    });
    try {
      const from = await addAndSync(engine, full, source);
      const to = await addAndSync(engine, plain, destination);
      const actions = new MailActions(engine.db);
      await actions.move({ accountId: from.id, path: 'INBOX', uids: uids.slice(0, 2) }, 'Archive', { toAccountId: to.id });
      const archiveKey = folderKey(to.id, 'Archive');
      const placeholders = await engine.db.messages.where('[folderKey+uid]').between([archiveKey, -Infinity], [archiveKey, 0]).toArray();
      expect(placeholders).toHaveLength(2);
      // Starred while still on its way: the flag waits in the other account's queue for the real UID.
      await actions.setFlags({ accountId: to.id, path: 'Archive', uids: [placeholders[0]?.uid ?? 0] }, ['\\Flagged'], []);

      expect((await engine.invoke('operations.replay', { accountId: from.id })).ok).toBe(false);
      expectOk(await engine.invoke('operations.replay', { accountId: from.id }));
      await waitFor('the other account replayed and synced', async () => (await pendingCount(engine)) === 0);
      expect(await serverFolder(full, source, 'INBOX')).toHaveLength(1);
      const archived = await serverFolder(plain, destination, 'Archive');
      expect(archived).toHaveLength(2);
      expect(archived.every((message) => message.flags.includes('\\Seen'))).toBe(true);
      expect(archived.filter((message) => message.flags.includes('\\Flagged'))).toHaveLength(1);
      const rows = await engine.db.messages.where('[folderKey+uid]').between([archiveKey, -Infinity], [archiveKey, Infinity]).toArray();
      expect(rows.map((row) => row.uid).sort()).toEqual(archived.map((message) => message.uid).sort());
    } finally {
      await engine.dispose();
    }
  });
});
