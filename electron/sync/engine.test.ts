import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { listAttachments } from '../../shared/domain/attachments';
import { FIRST_HEADER_BATCH_SIZE, HEADER_BATCH_SIZE } from '../imap/limits';
import { folderKey } from '../../shared/domain/folder';
import type { AccountSummary } from '../../shared/domain/account';
import { appendMessages, createUser, imapClientFor, importMessages, readLog, waitForLog, type TestUser } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import { generateMailbox, inlineImageMessage, makeMessage } from '../../e2e/support/messages';

const dovecot = inject('dovecot');

describe('sync engine against a real Dovecot', () => {
  let engine: TestEngine;
  let user: TestUser;
  let account: AccountSummary;

  beforeEach(async () => {
    engine = await createTestEngine();
    user = await createUser(dovecot, 'sync');
    account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
  });

  afterEach(async () => {
    await engine.dispose();
  });

  /** Appends a text message with one binary attachment to INBOX and syncs it. */
  async function syncWithAttachment(text: string, filename: string, content: Buffer): Promise<void> {
    const message = makeMessage({
      from: { name: 'Ada', address: 'ada@kestrel.test' },
      to: [{ name: '', address: user.email }],
      subject: 'Attached',
      date: new Date('2025-03-02T10:00:00Z'),
      text,
      attachments: [{ filename, contentType: 'application/octet-stream', content }],
    });
    await appendMessages(dovecot, user, 'INBOX', [message]);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
  }

  it('goes on syncing when a folder the server lists cannot be opened', async () => {
    const other = await imapClientFor(dovecot, user);
    try {
      await other.mailboxCreate('Projects');
      await other.append(
        'Projects',
        makeMessage({ from: { name: 'A', address: 'a@kestrel.test' }, to: [], subject: 'Plan', date: new Date(), text: 'x' }),
      );
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      await other.mailboxCreate('Projects/2026');
      // Dovecot keeps listing a deleted folder that has subfolders, and answers SELECT with NO.
      await other.mailboxDelete('Projects');
    } finally {
      await other.logout();
    }
    await appendMessages(dovecot, user, 'Archive', [
      makeMessage({ from: { name: 'A', address: 'a@kestrel.test' }, to: [], subject: 'After it', date: new Date(), text: 'x' }),
    ]);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    expect(
      await engine.db.messages
        .where('[folderKey+uid]')
        .between([folderKey(account.id, 'Archive'), 0], [folderKey(account.id, 'Archive'), Infinity])
        .count(),
    ).toBe(1);
    // Its mail went with it: the cache holds none of it.
    const projects = folderKey(account.id, 'Projects');
    expect(await engine.db.messages.where('[folderKey+uid]').between([projects, 0], [projects, Infinity]).count()).toBe(0);
  });

  it('lists folders with their special-use roles', async () => {
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const folders = await engine.db.folders.where('accountId').equals(account.id).toArray();
    const roles = Object.fromEntries(folders.map((folder) => [folder.path, folder.role]));
    expect(roles).toMatchObject({ INBOX: 'inbox', Sent: 'sent', Drafts: 'drafts', Trash: 'trash', Junk: 'junk', Archive: 'archive' });
    expect(await engine.db.accounts.get(account.id)).toEqual(account);
  });

  it('brings a 1,000-message INBOX complete, newest batch first, without fetching a body', async () => {
    // Headers only: previews (a partial body fetch each) have a test of their own.
    await engine.dispose();
    engine = await createTestEngine({ engine: { previews: false } });
    account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
    const mailbox = generateMailbox(1000, 7);
    await importMessages(
      dovecot,
      user,
      'INBOX',
      mailbox.map((message) => message.raw),
    );
    const other = await imapClientFor(dovecot, user);
    try {
      await other.mailboxOpen('INBOX');
      await other.messageFlagsAdd('1:100', ['\\Seen'], { uid: true });
      await other.messageFlagsAdd('50:60', ['\\Flagged', '$Important'], { uid: true });
    } finally {
      await other.logout();
    }

    const report = expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    expect(report.newMessages).toBe(1000);

    const batches = engine.cacheRequests.flatMap((request) =>
      request.op === 'apply' && request.delta.kind === 'messages' && request.delta.upserts.length > 0
        ? [request.delta.upserts.map((m) => m.uid)]
        : [],
    );
    expect(Math.max(...(batches[0] ?? []))).toBe(1000);
    expect(batches[0]?.length).toBeLessThanOrEqual(50);
    for (let index = 1; index < batches.length; index++) {
      expect(Math.max(...(batches[index] ?? []))).toBeLessThan(Math.min(...(batches[index - 1] ?? [])));
    }

    const key = folderKey(account.id, 'INBOX');
    const cached = await engine.db.messages.where('[folderKey+uid]').between([key, 0], [key, Infinity]).toArray();
    expect(cached).toHaveLength(1000);
    for (const [index, { spec, raw }] of mailbox.entries()) {
      const message = cached[index];
      expect(message?.uid).toBe(index + 1);
      expect(message?.messageId).toBe(spec.messageId);
      expect(message?.subject).toBe(spec.subject);
      expect(message?.from).toEqual([{ name: spec.from.name, address: spec.from.address }]);
      expect(Math.floor((message?.date ?? 0) / 1000)).toBe(Math.floor(spec.date.getTime() / 1000));
      expect(message?.size).toBe(Buffer.byteLength(raw));
      expect(message?.bodyStructure).not.toBeNull();
    }
    expect(mailbox.some(({ spec }) => /[^\x20-\x7e]/.test(spec.subject))).toBe(true);
    expect(cached.filter((message) => message.unread === 0)).toHaveLength(100);
    expect(cached.find((message) => message.uid === 55)?.flags.sort()).toEqual(['$Important', '\\Flagged', '\\Seen']);
    const state = await engine.db.folderStates.get(key);
    expect(state).toMatchObject({ uidNext: 1001, completeDownTo: 1, messageCount: 1000 });
    expect(state?.highestModseq).toMatch(/^\d+$/);

    // Dovecot logs each session's counters at logout. The sync session is the one that sent the 1,000
    // envelopes (over 100 KB out); neither it nor any other session of this user read a body.
    await engine.services.shutdown();
    await waitForLog(dovecot, new RegExp(`imap\\(${user.username}\\).*Logged out in=\\d+ out=\\d{6,}`));
    const sessions = readLog(dovecot)
      .split('\n')
      .filter((line) => line.includes(`imap(${user.username})`) && line.includes('body_count='));
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    for (const line of sessions) expect(line).toMatch(/body_count=0 body_bytes=0/);
  });

  it('gives the newest page previews from a partial fetch of at most 2 KB each', async () => {
    const mailbox = generateMailbox(80, 41);
    await importMessages(
      dovecot,
      user,
      'INBOX',
      mailbox.map((message) => message.raw),
    );
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const key = folderKey(account.id, 'INBOX');
    const rows = await engine.db.messages.where('[folderKey+uid]').between([key, 0], [key, Infinity]).toArray();
    const withPreview = rows.filter((row) => row.preview !== null);
    expect(withPreview.map((row) => row.uid).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => 31 + index));
    const newest = rows.find((row) => row.uid === 80);
    expect(newest?.preview).toMatch(/^Hi, /);
    expect(newest?.preview?.length).toBeLessThanOrEqual(200);

    await engine.services.shutdown();
    await waitForLog(dovecot, new RegExp(`imap\\(${user.username}\\).*body_count=50 `));
    const bodyBytes = Number(new RegExp(`imap\\(${user.username}\\).*body_count=50 body_bytes=(\\d+)`).exec(readLog(dovecot))?.[1]);
    expect(bodyBytes).toBeLessThanOrEqual(50 * 2048);
  });

  it('takes previews from the plain alternative, and reads past a long head where there is only HTML', async () => {
    // Outlook's and newsletters' style sheets run to several kilobytes before the first word.
    const head = `<html><head><style>${'p.MsoNormal { margin: 0cm; font-family: "Calibri", sans-serif; } '.repeat(80)}</style></head>`;
    const from = { name: 'Ada', address: 'ada@kestrel.test' };
    await appendMessages(dovecot, user, 'INBOX', [
      makeMessage({
        from,
        to: [],
        subject: 'Both',
        date: new Date(),
        text: 'Plain words first.',
        html: `${head}<body><p>HTML words.</p></body></html>`,
      }),
      makeMessage({ from, to: [], subject: 'HTML only', date: new Date(), html: `${head}<body><p>Only HTML here.</p></body></html>` }),
    ]);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const key = folderKey(account.id, 'INBOX');
    const rows = await engine.db.messages.where('[folderKey+uid]').between([key, 0], [key, Infinity]).toArray();
    expect(Object.fromEntries(rows.map((row) => [row.subject, row.preview]))).toEqual({ Both: 'Plain words first.', 'HTML only': 'Only HTML here.' });
  });

  it('keeps a folder available offline: every body prefetched, newest first, within the budget', async () => {
    await importMessages(
      dovecot,
      user,
      'INBOX',
      generateMailbox(120, 51).map((message) => message.raw),
    );
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    expect(await engine.db.bodies.count()).toBe(0);
    expectOk(await engine.invoke('folders.setKeepOffline', { accountId: account.id, path: 'INBOX', keepOffline: true }));
    await engine.services.engine.prefetchSettled(account.id);
    expect(await engine.db.bodies.count()).toBe(120);
    expect((await engine.db.folders.get([account.id, 'INBOX']))?.keepOffline).toBe(true);
    const newest = await engine.db.bodies.get([folderKey(account.id, 'INBOX'), 120]);
    expect(newest?.text).toMatch(/^Hi,/);
  });

  it('stops prefetching at the storage budget', async () => {
    const limited = await createTestEngine({ bodyBudgetBytes: 20_000 });
    try {
      await importMessages(
        dovecot,
        user,
        'INBOX',
        generateMailbox(150, 52).map((message) => message.raw),
      );
      const limitedAccount = expectOk(await limited.invoke('accounts.add', draftFor(dovecot, user)));
      expectOk(await limited.invoke('folders.setKeepOffline', { accountId: limitedAccount.id, path: 'INBOX', keepOffline: true }));
      await limited.services.engine.prefetchSettled(limitedAccount.id);
      const stored = await limited.db.bodyIndex.toArray();
      const used = stored.reduce((sum, entry) => sum + entry.bytes, 0);
      expect(used).toBeLessThanOrEqual(20_000);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.length).toBeLessThan(150);
      // What was kept is the newest mail.
      expect(Math.max(...stored.map((entry) => entry.uid))).toBe(150);
    } finally {
      await limited.dispose();
    }
  });

  it('fetches new mail only on the next sync', async () => {
    await appendMessages(
      dovecot,
      user,
      'INBOX',
      generateMailbox(3, 11).map((message) => message.raw),
    );
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    await appendMessages(
      dovecot,
      user,
      'INBOX',
      generateMailbox(2, 12).map((message) => message.raw),
    );
    engine.cacheRequests.length = 0;
    const report = expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    expect(report.newMessages).toBe(2);
    const fetchedUids = engine.cacheRequests.flatMap((request) =>
      request.op === 'apply' && request.delta.kind === 'messages' ? request.delta.upserts.map((message) => message.uid) : [],
    );
    expect(fetchedUids.sort()).toEqual([4, 5]);
    expect(await engine.db.messages.count()).toBe(5);
  });

  it('fetches the text of a message without ever transferring its attachment', async () => {
    const attachment = Buffer.alloc(400_000, 7);
    await syncWithAttachment('The report is attached.', 'report.bin', attachment);
    const key = folderKey(account.id, 'INBOX');
    expectOk(await engine.invoke('messages.fetchBody', await engine.messageRef(account.id, 'INBOX', 1)));
    expect(await engine.db.bodies.get([key, 1])).toMatchObject({
      kind: 'plain',
      text: expect.stringContaining('The report is attached.') as unknown,
    });

    // Dovecot counts the body bytes each session sent: the whole user's traffic stays far below the
    // attachment's size.
    await engine.services.shutdown();
    await waitForLog(dovecot, new RegExp(`imap\\(${user.username}\\).*body_count=1 `));
    const bodyBytes = readLog(dovecot)
      .split('\n')
      .filter((line) => line.includes(`imap(${user.username})`))
      .map((line) => Number(/body_bytes=(\d+)/.exec(line)?.[1] ?? 0))
      .reduce((sum, bytes) => sum + bytes, 0);
    expect(bodyBytes).toBeGreaterThan(0);
    expect(bodyBytes).toBeLessThan(10_000);
  });

  it('lists attachments from BODYSTRUCTURE and streams one to a file only when asked, byte for byte', async () => {
    const attachment = Buffer.from(Array.from({ length: 300_000 }, (_, index) => (index * 7919) % 256));
    await syncWithAttachment('Numbers attached.', '../../numbers.bin', attachment);
    const key = folderKey(account.id, 'INBOX');
    const message = await engine.db.messages.get([key, 1]);
    const listed = listAttachments(message?.bodyStructure ?? { type: 'text/plain' });
    expect(listed).toEqual([{ part: '2', filename: 'numbers.bin', type: 'application/octet-stream', size: expect.any(Number) as unknown }]);
    expect(Math.abs((listed[0]?.size ?? 0) - attachment.length)).toBeLessThan(attachment.length / 50);

    const uidValidity = (await engine.db.folderStates.get(key))?.uidValidity ?? 0;
    const saved = expectOk(
      await engine.invoke('messages.saveAttachment', {
        accountId: account.id,
        path: 'INBOX',
        uidValidity,
        uid: 1,
        part: '2',
        filename: '../../numbers.bin',
      }),
    );
    expect(saved.savedTo).toBe(join(engine.dataDir, 'downloads', 'numbers.bin'));
    expect(saved.bytes).toBe(attachment.length);
    expect((await readFile(saved.savedTo)).equals(attachment)).toBe(true);
    const again = expectOk(
      await engine.invoke('messages.saveAttachment', {
        accountId: account.id,
        path: 'INBOX',
        uidValidity,
        uid: 1,
        part: '2',
        filename: 'numbers.bin',
      }),
    );
    expect(again.savedTo).toBe(join(engine.dataDir, 'downloads', 'numbers (2).bin'));

    const missing = await engine.invoke('messages.saveAttachment', {
      accountId: account.id,
      path: 'INBOX',
      uidValidity,
      uid: 99,
      part: '2',
      filename: 'x.bin',
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await readdir(join(engine.dataDir, 'downloads'))).toEqual(['numbers (2).bin', 'numbers.bin']);
  });

  it('opens an attachment with the system app, and never a file the system would run', async () => {
    const report = Buffer.from('%PDF-1.4 a report');
    await syncWithAttachment('Report attached.', 'report.pdf', report);
    const ref = {
      accountId: account.id,
      path: 'INBOX',
      uidValidity: (await engine.messageRef(account.id, 'INBOX', 1)).uidValidity,
      uid: 1,
      part: '2',
    };
    const browserOnly = await engine.invoke('messages.openAttachment', { ...ref, filename: 'report.pdf' });
    expect(browserOnly).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

    await engine.stop();
    const opened: string[] = [];
    engine = await createTestEngine({
      restartOf: engine,
      desktop: {
        setUnreadCount: () => undefined,
        openWithSystem: (file) => {
          opened.push(file);
          return Promise.resolve();
        },
      },
    });
    expectOk(await engine.invoke('messages.openAttachment', { ...ref, filename: 'report.pdf' }));
    expect(opened).toHaveLength(1);
    expect(opened[0]?.startsWith(join(engine.dataDir, 'opened'))).toBe(true);
    expect((await readFile(opened[0] ?? '')).equals(report)).toBe(true);
    // Runnable, able to carry macros, or a program once Windows drops the trailing dot: Save only.
    for (const filename of ['report.pdf.exe', 'invoice.exe.', 'invoice.exe. ', 'setup.appinstaller', 'budget.xls', 'Invoice_\u202Efdp.exe']) {
      const refused = await engine.invoke('messages.openAttachment', { ...ref, filename });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('could run a program') as unknown } });
    }
    expect(opened).toHaveLength(1);
  });

  it('reads malformed MIME and unknown charsets as something readable, without failing', async () => {
    const crlf = (lines: string[]): string => lines.join('\r\n');
    await appendMessages(dovecot, user, 'INBOX', [
      // The boundary never closes, and the part declares a charset nobody knows.
      crlf([
        'From: Broken <broken@kestrel.test>',
        'Subject: =?x-unknown?Q?Stra=DFe?= and more',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="never-closed"',
        '',
        '--never-closed',
        'Content-Type: text/plain; charset="x-klingon"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Caf=E9 au lait, soft=',
        'break and a stray = sign',
        '',
      ]),
      // 8-bit bytes with no charset at all, and a bogus transfer encoding.
      Buffer.concat([
        Buffer.from(
          crlf([
            'From: Latin <latin@kestrel.test>',
            'Subject: no charset',
            'Content-Type: text/plain',
            'Content-Transfer-Encoding: x-uuencode-maybe',
            '',
            '',
          ]),
        ),
        Buffer.from([0x4e, 0x61, 0xef, 0x76, 0x65, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a]),
      ]),
    ]);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const key = folderKey(account.id, 'INBOX');
    expectOk(await engine.invoke('messages.fetchBody', await engine.messageRef(account.id, 'INBOX', 1)));
    expectOk(await engine.invoke('messages.fetchBody', await engine.messageRef(account.id, 'INBOX', 2)));
    expect((await engine.db.bodies.get([key, 1]))?.text).toContain('Café au lait, softbreak and a stray = sign');
    expect((await engine.db.bodies.get([key, 2]))?.text).toContain('Naïve café');
    expect((await engine.db.messages.get([key, 1]))?.subject).toContain('and more');
  });

  it('fetches only the pictures a message carries itself, when asked, as data: URLs', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await appendMessages(dovecot, user, 'INBOX', [inlineImageMessage(png)]);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const key = folderKey(account.id, 'INBOX');
    const ref = await engine.messageRef(account.id, 'INBOX', 1);
    expectOk(await engine.invoke('messages.fetchBody', ref));
    expect((await engine.db.bodies.get([key, 1]))?.inlineImages).toBeUndefined();
    expect(expectOk(await engine.invoke('messages.fetchInlineImages', ref))).toEqual({ images: 1 });
    expect((await engine.db.bodies.get([key, 1]))?.inlineImages).toEqual({ 'logo@kestrel': `data:image/png;base64,${png.toString('base64')}` });
  });

  it('opens a message whose text goes on after a photo (iOS: text, photo, text) whole, and keeps it so offline', async () => {
    const photo = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex').toString('base64');
    const raw = [
      'From: Ada <ada@kestrel.test>',
      'Subject: The view',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'Look at this:',
      '--b',
      'Content-Type: image/jpeg; name="IMG_0001.jpg"',
      'Content-Disposition: inline; filename="IMG_0001.jpg"',
      'Content-Transfer-Encoding: base64',
      '',
      photo,
      '--b',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'Taken from the top of the hill.',
      '--b--',
      '',
    ].join('\r\n');
    await appendMessages(dovecot, user, 'INBOX', [raw]);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const key = folderKey(account.id, 'INBOX');
    expectOk(await engine.invoke('messages.fetchBody', await engine.messageRef(account.id, 'INBOX', 1)));
    expect(await engine.db.bodies.get([key, 1])).toMatchObject({ kind: 'plain', text: 'Look at this:\nTaken from the top of the hill.' });

    await engine.db.bodies.clear();
    await engine.db.bodyIndex.clear();
    expectOk(await engine.invoke('folders.setKeepOffline', { accountId: account.id, path: 'INBOX', keepOffline: true }));
    await engine.services.engine.prefetchSettled(account.id);
    expect((await engine.db.bodies.get([key, 1]))?.text).toBe('Look at this:\nTaken from the top of the hill.');
  });

  it('shows a picture by what its bytes are, not by its label (image/jpg, octet-stream), and nothing that is no picture', async () => {
    const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
    await appendMessages(dovecot, user, 'INBOX', [
      inlineImageMessage(jpeg, 'image/jpg'),
      inlineImageMessage(jpeg, 'application/octet-stream'),
      inlineImageMessage(Buffer.from('%PDF-1.4 not a picture'), 'image/png'),
    ]);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const key = folderKey(account.id, 'INBOX');
    const shown = `data:image/jpeg;base64,${jpeg.toString('base64')}`;
    for (const [uid, images] of [
      [1, { 'logo@kestrel': shown }],
      [2, { 'logo@kestrel': shown }],
      [3, {}],
    ] as const) {
      const ref = await engine.messageRef(account.id, 'INBOX', uid);
      expectOk(await engine.invoke('messages.fetchBody', ref));
      expectOk(await engine.invoke('messages.fetchInlineImages', ref));
      expect((await engine.db.bodies.get([key, uid]))?.inlineImages).toEqual(images);
    }
  });

  it('decodes quoted-printable and base64 bodies in non-UTF-8 charsets, and caches them', async () => {
    const base = {
      from: { name: 'Zoë', address: 'zoe@kestrel.test' },
      to: [{ name: '', address: user.email }],
      date: new Date('2025-03-01T10:00:00Z'),
    };
    await appendMessages(dovecot, user, 'INBOX', [
      makeMessage({
        ...base,
        subject: 'Latin-1 QP',
        text: 'Grüße aus Köln, café crème',
        charset: 'iso-8859-1',
        transferEncoding: 'quoted-printable',
      }),
      makeMessage({ ...base, subject: 'KOI8-R base64', text: 'Привет, мир', charset: 'koi8-r', transferEncoding: 'base64' }),
      makeMessage({
        ...base,
        subject: 'HTML in Latin-9',
        text: 'Prix: 5 €',
        html: '<p>Prix: 5 €</p>',
        charset: 'iso-8859-15',
        transferEncoding: 'base64',
      }),
    ]);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const key = folderKey(account.id, 'INBOX');
    const open = async (uid: number) => engine.invoke('messages.fetchBody', await engine.messageRef(account.id, 'INBOX', uid));

    expect(expectOk(await open(1))).toEqual({ fetched: true });
    expect(expectOk(await open(2))).toEqual({ fetched: true });
    expect(expectOk(await open(3))).toEqual({ fetched: true });
    expect(await engine.db.bodies.get([key, 1])).toMatchObject({
      kind: 'plain',
      text: expect.stringContaining('Grüße aus Köln, café crème') as unknown,
    });
    expect(await engine.db.bodies.get([key, 2])).toMatchObject({ kind: 'plain', text: expect.stringContaining('Привет, мир') as unknown });
    expect(await engine.db.bodies.get([key, 3])).toMatchObject({ kind: 'html', text: expect.stringContaining('<p>Prix: 5 €</p>') as unknown });

    // Opened again: answered from the cache, the server is not asked.
    expect(expectOk(await open(1))).toEqual({ fetched: false });

    // The counter the header sync test relies on does count part fetches: three parts, no more.
    await engine.services.shutdown();
    await waitForLog(dovecot, new RegExp(`imap\\(${user.username}\\).*body_count=3 `));
  });
});

describe('sync engine, interrupted and on servers without CONDSTORE', () => {
  it('resumes an interrupted first sync where it stopped, without skipping or refetching mail', async () => {
    const user = await createUser(dovecot, 'resume');
    const total = FIRST_HEADER_BATCH_SIZE + 2 * HEADER_BATCH_SIZE + 100;
    await importMessages(
      dovecot,
      user,
      'INBOX',
      generateMailbox(total, 5).map((message) => message.raw),
    );
    let batchesWritten = 0;
    const engine = await createTestEngine({
      interceptCache: (request) => {
        if (request.op !== 'apply' || request.delta.kind !== 'messages' || request.delta.upserts.length === 0) return null;
        batchesWritten += 1;
        return batchesWritten === 3 ? { ok: false, error: { code: 'STORAGE_FAILED', message: 'disk full' } } : null;
      },
    });
    try {
      const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
      const failed = await engine.invoke('sync.account', { accountId: account.id });
      expect(failed).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILED' } });
      const key = folderKey(account.id, 'INBOX');
      // Two batches made it: the newest page, then one full batch; the state claims exactly those.
      const cached = FIRST_HEADER_BATCH_SIZE + HEADER_BATCH_SIZE;
      expect(await engine.db.messages.count()).toBe(cached);
      expect(await engine.db.folderStates.get(key)).toMatchObject({ uidNext: total + 1, completeDownTo: total - cached + 1 });

      engine.cacheRequests.length = 0;
      const report = expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      expect(report.newMessages).toBe(0);
      const refetched = engine.cacheRequests.flatMap((request) =>
        request.op === 'apply' && request.delta.kind === 'messages' ? request.delta.upserts.map((message) => message.uid) : [],
      );
      expect(refetched.sort((a, b) => a - b)).toEqual(Array.from({ length: total - cached }, (_, index) => index + 1));
      expect(await engine.db.messages.count()).toBe(total);
      expect(await engine.db.folderStates.get(key)).toMatchObject({ uidNext: total + 1, completeDownTo: 1 });
    } finally {
      await engine.dispose();
    }
  });

  it('removes mail an interrupted resync had cached above its committed UIDNEXT once another client expunges it', async () => {
    const user = await createUser(dovecot, 'stranded');
    await appendMessages(
      dovecot,
      user,
      'INBOX',
      generateMailbox(2, 61).map((message) => message.raw),
    );
    let failNextBatch = false;
    const engine = await createTestEngine({
      interceptCache: (request) => {
        if (!failNextBatch || request.op !== 'apply' || request.delta.kind !== 'messages' || request.delta.upserts.length === 0) return null;
        // The second batch of new mail fails: the first (the newest 50) is cached, UIDNEXT not moved.
        if (request.delta.upserts.length === 50) return null;
        return { ok: false, error: { code: 'STORAGE_FAILED', message: 'disk full' } };
      },
    });
    try {
      const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      await importMessages(
        dovecot,
        user,
        'INBOX',
        generateMailbox(80, 62).map((message) => message.raw),
      );
      failNextBatch = true;
      expect(await engine.invoke('sync.account', { accountId: account.id })).toMatchObject({ ok: false });
      failNextBatch = false;
      const key = folderKey(account.id, 'INBOX');
      expect(await engine.db.messages.get([key, 82])).toBeDefined();
      expect((await engine.db.folderStates.get(key))?.uidNext).toBe(3);

      const other = await imapClientFor(dovecot, user);
      try {
        await other.mailboxOpen('INBOX');
        await other.messageDelete('82', { uid: true });
      } finally {
        await other.logout();
      }
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      expect(await engine.db.messages.get([key, 82])).toBeUndefined();
      expect(await engine.db.messages.count()).toBe(81);
      expect((await engine.db.folderCounts.get(key))?.messages).toBe(81);
    } finally {
      await engine.dispose();
    }
  });

  it('syncs from a server without CONDSTORE or QRESYNC, keeping no modseq', async () => {
    const plain = inject('dovecotNoCondstore');
    const user = await createUser(plain, 'plain');
    await appendMessages(
      plain,
      user,
      'INBOX',
      generateMailbox(5, 9).map((message) => message.raw),
    );
    const engine = await createTestEngine();
    try {
      const account = expectOk(await engine.invoke('accounts.add', draftFor(plain, user)));
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      expect(await engine.db.messages.count()).toBe(5);
      expect(await engine.db.folderStates.get(folderKey(account.id, 'INBOX'))).toMatchObject({ highestModseq: null, uidNext: 6 });
    } finally {
      await engine.dispose();
    }
  });
});
