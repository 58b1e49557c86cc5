import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestCa } from './certs';
import { appendMessages, createUser, imapClientFor, importMessages, readLog, startDovecot, waitForLog } from './dovecot';
import type { DovecotInfo, TestUser } from './dovecot';
import { generateMailbox, makeMessage } from './messages';

const full = inject('dovecot');
const noCondstore = inject('dovecotNoCondstore');

/** A client that trusts only what the process trusts (NODE_EXTRA_CA_CERTS), as the app will. */
function systemTrustClient(info: DovecotInfo, user: TestUser, extra: Partial<ConstructorParameters<typeof ImapFlow>[0]> = {}): ImapFlow {
  return new ImapFlow({
    host: info.host,
    port: info.tlsPort,
    secure: true,
    auth: { user: user.username, pass: user.password },
    logger: false,
    disableAutoIdle: true,
    ...extra,
  });
}

/** Sends raw lines over the plain port without STARTTLS and returns the tagged answer. */
async function plaintextLogin(info: DovecotInfo, user: TestUser): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: info.host, port: info.starttlsPort });
    let buffer = '';
    let sent = false;
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no answer, got: ${buffer}`));
    });
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (!sent && buffer.includes('\r\n')) {
        sent = true;
        socket.write(`a1 LOGIN ${user.username} ${user.password}\r\n`);
      }
      const tagged = buffer.split('\r\n').find((line) => line.startsWith('a1 '));
      if (tagged) {
        socket.destroy();
        resolve(tagged);
      }
    });
  });
}

describe('Dovecot harness: transport security', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await createUser(full, 'tls');
  });

  it('trusts the test CA through NODE_EXTRA_CA_CERTS, with verification on', async () => {
    expect(process.env.NODE_EXTRA_CA_CERTS).toBe(full.caCertPath);
    const client = systemTrustClient(full, user);
    await client.connect();
    expect(client.authenticated).toBeTruthy();
    await client.logout();
  });

  it('rejects the server when the CA is not trusted', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'kestrel-other-ca-'));
    try {
      const other = createTestCa(otherDir);
      const client = systemTrustClient(full, user, { tls: { ca: [readFileSync(other.caCertPath)] } });
      await expect(client.connect()).rejects.toThrow(/certificate/i);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('logs in over STARTTLS on the plain port', async () => {
    const client = await imapClientFor(full, user, { transport: 'starttls' });
    expect(client.authenticated).toBeTruthy();
    await client.logout();
    await waitForLog(full, new RegExp(`Login: user=<${user.username}>, method=PLAIN, rip=127\\.0\\.0\\.1, lip=127\\.0\\.0\\.1, mpid=\\d+, TLS`));
  });

  it('refuses a LOGIN on the plain port before STARTTLS', async () => {
    const answer = await plaintextLogin(full, user);
    expect(answer).toMatch(/^a1 NO /);
  });

  it('fails a wrong password with authenticationFailed', async () => {
    const client = systemTrustClient(full, { ...user, password: 'wrong-password' });
    await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
  });
});

describe('Dovecot harness: capabilities and folders', () => {
  it('creates the special-use folders for every user', async () => {
    const client = await imapClientFor(full, await createUser(full, 'folders'));
    const specialUse = Object.fromEntries((await client.list()).map((entry) => [entry.specialUse ?? '', entry.path]));
    await client.logout();
    expect(specialUse).toMatchObject({
      '\\Inbox': 'INBOX',
      '\\Drafts': 'Drafts',
      '\\Sent': 'Sent',
      '\\Trash': 'Trash',
      '\\Junk': 'Junk',
      '\\Archive': 'Archive',
    });
  });

  it('full server offers and enables CONDSTORE/QRESYNC', async () => {
    const user = await createUser(full, 'full');
    const client = systemTrustClient(full, user, { qresync: true });
    await client.connect();
    for (const capability of ['CONDSTORE', 'QRESYNC', 'SPECIAL-USE', 'IDLE', 'UIDPLUS', 'MOVE', 'ESEARCH']) {
      expect(client.capabilities.has(capability), capability).toBe(true);
    }
    expect([...client.enabled]).toEqual(expect.arrayContaining(['CONDSTORE', 'QRESYNC']));
    await client.logout();
  });

  it('no-condstore server neither offers nor enables CONDSTORE/QRESYNC', async () => {
    const user = await createUser(noCondstore, 'nocond');
    const client = systemTrustClient(noCondstore, user, { qresync: true });
    await client.connect();
    expect(client.capabilities.has('CONDSTORE')).toBe(false);
    expect(client.capabilities.has('QRESYNC')).toBe(false);
    expect(client.capabilities.has('IDLE')).toBe(true);
    expect(client.enabled.has('CONDSTORE')).toBe(false);
    expect(client.enabled.has('QRESYNC')).toBe(false);
    const mailbox = await client.mailboxOpen('INBOX');
    expect(mailbox.highestModseq).toBeUndefined();
    await client.logout();
  });
});

describe('Dovecot harness: seeding mail', () => {
  it('appends messages over IMAP in order with flags and internal date', async () => {
    const user = await createUser(full, 'append');
    const generated = generateMailbox(5, 7);
    const internalDate = new Date('2023-05-06T07:08:09Z');
    const uids = await appendMessages(full, user, 'INBOX', [
      ...generated.slice(0, 4).map((message) => message.raw),
      { raw: generated[4]?.raw ?? '', flags: ['\\Seen', '\\Flagged'], internalDate },
    ]);
    expect(uids).toEqual([1, 2, 3, 4, 5]);

    const client = await imapClientFor(full, user);
    await client.mailboxOpen('INBOX');
    const fetched = await client.fetchAll('1:*', { uid: true, envelope: true, flags: true, internalDate: true }, { uid: true });
    await client.logout();
    expect(fetched.map((message) => message.envelope?.subject)).toEqual(generated.map((message) => message.spec.subject));
    const last = fetched.at(-1);
    expect([...(last?.flags ?? [])].filter((flag) => flag !== '\\Recent').sort()).toEqual(['\\Flagged', '\\Seen']);
    expect(new Date(last?.internalDate ?? 0).toISOString()).toBe(internalDate.toISOString());
  });

  it('imports 1,000 messages quickly, in order, byte for byte', async () => {
    const user = await createUser(full, 'bulk');
    const generated = generateMailbox(1000, 42);
    const started = performance.now();
    await importMessages(
      full,
      user,
      'Archive',
      generated.map((message) => message.raw),
    );
    expect(performance.now() - started).toBeLessThan(5_000);

    const client = await imapClientFor(full, user);
    const status = await client.status('Archive', { messages: true, uidNext: true });
    expect(status).toMatchObject({ messages: 1000, uidNext: 1001 });
    await client.mailboxOpen('Archive', { readOnly: true });
    const envelopes = await client.fetchAll('1:*', { uid: true, envelope: true }, { uid: true });
    expect(envelopes.map((message) => message.envelope?.messageId)).toEqual(generated.map((message) => message.spec.messageId));
    // A body line starting with "From " must come back unchanged (no >From quoting leaks through).
    const index = generated.findIndex((message) => /\r\nFrom now on/.test(message.raw.toString()));
    expect(index).toBeGreaterThanOrEqual(0);
    const source = await client.fetchOne(String(index + 1), { source: true }, { uid: true });
    await client.logout();
    expect(source && source.source?.toString('latin1')).toBe(Buffer.from(generated[index]?.raw ?? '').toString('latin1'));
  });

  it('round-trips legacy charsets and encoded words through the server', async () => {
    const user = await createUser(full, 'charset');
    const cases = [
      { subject: 'Grüße aus München', charset: 'iso-8859-1', text: 'Schöne Grüße\n' },
      { subject: 'Prix: 10 € — déjà payé', charset: 'windows-1252', text: 'Ça coûte 10 €.\n', transferEncoding: '8bit' as const },
      { subject: 'Отчёт за неделю', charset: 'koi8-r', text: 'Привет, мир\n', transferEncoding: 'base64' as const },
      { subject: '会議の議事録', charset: 'iso-2022-jp', text: 'こんにちは\n' },
      { subject: 'Plain but encoded', charset: 'utf-8', text: 'ok\n', encodeSubject: true },
    ];
    const raws = cases.map((spec, i) =>
      makeMessage({
        ...spec,
        from: { name: 'Zoë', address: 'zoe@example.fr' },
        to: [{ name: 'Tester', address: 'tester@kestrel.test' }],
        date: new Date(Date.UTC(2024, 1, 1 + i)),
      }),
    );
    await appendMessages(full, user, 'INBOX', raws);
    const client = await imapClientFor(full, user);
    await client.mailboxOpen('INBOX');
    const fetched = await client.fetchAll('1:*', { envelope: true }, { uid: true });
    await client.logout();
    expect(fetched.map((message) => message.envelope?.subject)).toEqual(cases.map((spec) => spec.subject));
  });

  it('keeps users isolated from each other', async () => {
    const [alice, bob] = await Promise.all([createUser(full, 'alice'), createUser(full, 'bob')]);
    await appendMessages(
      full,
      alice,
      'INBOX',
      generateMailbox(3, 3).map((message) => message.raw),
    );
    const bobClient = await imapClientFor(full, bob);
    const bobStatus = await bobClient.status('INBOX', { messages: true });
    await bobClient.logout();
    expect(bobStatus && bobStatus.messages).toBe(0);
    await expect(systemTrustClient(full, { ...bob, password: alice.password }).connect()).rejects.toMatchObject({ authenticationFailed: true });
  });

  it('logs fetch counters that show a header-only sync fetched no body', async () => {
    const user = await createUser(full, 'counters');
    await importMessages(
      full,
      user,
      'INBOX',
      generateMailbox(20, 9).map((message) => message.raw),
    );
    const client = await imapClientFor(full, user);
    await client.mailboxOpen('INBOX');
    await client.fetchAll('1:*', { uid: true, envelope: true, flags: true }, { uid: true });
    await client.logout();
    const [line] = await waitForLog(full, new RegExp(`imap\\(${user.username}\\).*Disconnected: Logged out .*`));
    expect(line).toMatch(/ body_count=0 /);
    expect(line).toMatch(/ hdr_count=\d+ /);
  });
});

describe('Dovecot harness: lifecycle', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kestrel-lifecycle-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops (clients see it offline) and restarts with the same ports and data', async () => {
    const server = await startDovecot({ rootDir: dir });
    try {
      const { info } = server;
      const user = await createUser(info, 'offline');
      await importMessages(
        info,
        user,
        'INBOX',
        generateMailbox(3, 5).map((message) => message.raw),
      );

      await server.stop();
      expect(server.running).toBe(false);
      await expect(imapClientFor(info, user)).rejects.toThrow();

      await server.start();
      expect(server.info.tlsPort).toBe(info.tlsPort);
      const client = await imapClientFor(info, user);
      const status = await client.status('INBOX', { messages: true });
      expect(status && status.messages).toBe(3);
      await client.logout();
      expect(readLog(info)).toMatch(/starting up for imap/);
    } finally {
      await server.dispose();
    }
    expect(() => readFileSync(server.info.configPath)).toThrow();
  });
});
