import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createBadCertificate, type BadCertificateKind, type TestCertificate } from '../../e2e/support/certs';
import { createUser, readLog, startDovecot, waitForLog, type DovecotServer, type TestUser } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import type { CertificateProblem } from '../../shared/domain/certificate';
import type { AppError } from '../../shared/ipc/result';
import { waitFor } from '../../e2e/support/wait';

const testCa = inject('testCa');

/**
 * A Dovecot of this file's own: each listener sits on a loopback address of its own and presents a certificate
 * that fails verification in one way, although the test CA is trusted (NODE_EXTRA_CA_CERTS).
 */
const listeners: ReadonlyArray<{ name: string; address: string; kind: BadCertificateKind; starttls?: boolean }> = [
  { name: 'selfsigned', address: '127.0.0.2', kind: 'self-signed' },
  { name: 'expired', address: '127.0.0.3', kind: 'expired' },
  { name: 'wronghost', address: '127.0.0.4', kind: 'wrong-host' },
  { name: 'unknownissuer', address: '127.0.0.5', kind: 'unknown-issuer' },
  { name: 'starttls', address: '127.0.0.6', kind: 'self-signed', starttls: true },
  { name: 'rotating', address: '127.0.0.7', kind: 'self-signed' },
  { name: 'idle', address: '127.0.0.8', kind: 'self-signed' },
];

let dir: string;
let server: DovecotServer;
const certificates = new Map<string, TestCertificate>();

function fingerprintOf(certificate: TestCertificate): string {
  return new X509Certificate(readFileSync(certificate.certPath)).fingerprint256;
}

function listener(name: string): { host: string; port: number; certificate: TestCertificate } {
  const address = server.info.extraTlsListeners[name];
  const certificate = certificates.get(name);
  if (address === undefined || certificate === undefined) throw new Error(`No listener ${name}`);
  return { ...address, certificate };
}

function certificateOf(error: AppError | undefined): CertificateProblem {
  expect(error?.code).toBe('CERTIFICATE_UNTRUSTED');
  if (error?.certificate === undefined) throw new Error('The error carries no certificate');
  return error.certificate;
}

const disconnectsWithoutAuth = (address: string): number =>
  readLog(server.info)
    .split('\n')
    .filter((line) => /imap-login: (Info: )?Disconnected/.test(line) && line.includes('no auth attempts') && line.includes(`lip=${address},`)).length;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kestrel-cert-trust-'));
  for (const { name, address, kind } of listeners) certificates.set(name, createBadCertificate(join(dir, 'certs'), name, kind, testCa, address));
  server = await startDovecot({
    rootDir: dir,
    ca: testCa,
    extraTlsListeners: listeners.map(({ name, address, starttls }) => {
      const certificate = certificates.get(name);
      if (certificate === undefined) throw new Error(name);
      return { name, address, starttls, ...certificate };
    }),
  });
});

afterAll(async () => {
  await server.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('certificates the system does not trust', () => {
  let engine: TestEngine;
  let user: TestUser;

  beforeEach(async () => {
    engine = await createTestEngine();
    user = await createUser(server.info, 'cert');
  });

  afterEach(async () => {
    await engine.dispose();
  });

  it.each([
    ['selfsigned', 'self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['expired', 'expired', 'CERT_HAS_EXPIRED'],
    ['wronghost', 'wrong-host', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['unknownissuer', 'unknown-issuer', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['starttls', 'self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  ])('%s: stops before any login, shows the certificate, and connects once exactly that one is trusted', async (name, reason, reasonCode) => {
    const { host, port, certificate } = listener(name);
    const security = name === 'starttls' ? 'starttls' : 'tls';
    const presented = new X509Certificate(readFileSync(certificate.certPath));
    const disconnectsBefore = disconnectsWithoutAuth(host);

    const refused = await engine.invoke('accounts.add', draftFor(server.info, user, { host, port, security }));
    const problem = certificateOf(refused.ok ? undefined : refused.error);
    const selfSigned = name === 'selfsigned' || name === 'starttls';
    expect(problem.issuer).toMatch(selfSigned ? `O=Kestrel Mail Tests, CN=self-signed ${name}` : /Kestrel Mail Test CA/);
    expect(problem).toEqual({
      host,
      port,
      reason,
      reasonCode,
      subject: `O=Kestrel Mail Tests, CN=${listeners.find((entry) => entry.name === name)?.kind ?? ''} ${name}`,
      issuer: problem.issuer,
      altNames: name === 'wronghost' ? 'DNS:wrong-host.kestrel.test' : `IP Address:${host}`,
      validFrom: new Date(presented.validFrom).toISOString(),
      validTo: new Date(presented.validTo).toISOString(),
      sha256: fingerprintOf(certificate),
    });
    if (reason === 'expired') expect(Date.parse(problem.validTo)).toBeLessThan(Date.now());
    expect(refused.ok ? '' : refused.error.message).toMatch(/before sending your password/);
    // Dovecot saw the connection end without a single authentication attempt, and never heard of the user.
    await waitForLog(server.info, new RegExp(`imap-login: (Info: )?Disconnected.*no auth attempts.*lip=${host.replace(/\./g, '\\.')},`));
    expect(disconnectsWithoutAuth(host)).toBeGreaterThan(disconnectsBefore);
    expect(readLog(server.info)).not.toContain(user.username);
    expect(expectOk(await engine.invoke('accounts.list', {}))).toEqual([]);

    const account = expectOk(
      await engine.invoke('accounts.add', draftFor(server.info, user, { host, port, security, trustedCertificate: problem.sha256 })),
    );
    expect(account.trustedCertificate).toBe(problem.sha256);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    await waitForLog(server.info, new RegExp(`Login: user=<${user.username}>.*lip=${host.replace(/\./g, '\\.')},.*TLS`));
  });

  it('refuses a pin that is not the certificate the server presents', async () => {
    const { host, port } = listener('selfsigned');
    const otherPin = fingerprintOf(listener('expired').certificate);
    const refused = await engine.invoke('accounts.add', draftFor(server.info, user, { host, port, trustedCertificate: otherPin }));
    expect(certificateOf(refused.ok ? undefined : refused.error).sha256).toBe(fingerprintOf(listener('selfsigned').certificate));
    expect(readLog(server.info)).not.toContain(user.username);
  });

  it('pins nothing the server does not present now, even where the system trusts its certificate', async () => {
    // At home, on a clean network, the user trusts what an attacker showed them in a café.
    const account = expectOk(await engine.invoke('accounts.add', draftFor(server.info, user)));
    const attackers = fingerprintOf(listener('expired').certificate);
    const refused = await engine.invoke('accounts.trustCertificate', { accountId: account.id, sha256: attackers });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining('does not present that certificate') as unknown },
    });
    expect(expectOk(await engine.invoke('accounts.list', {}))[0]?.trustedCertificate).toBeUndefined();
  });

  it('keeps accepting what the system trusts on an account with a pin', async () => {
    const pin = fingerprintOf(listener('selfsigned').certificate);
    const account = expectOk(await engine.invoke('accounts.add', draftFor(server.info, user, { trustedCertificate: pin })));
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
  });

  it('asks again when the server later presents another certificate, and pins the new one only when trusted', async () => {
    const { host, port, certificate } = listener('rotating');
    const first = fingerprintOf(certificate);
    const account = expectOk(await engine.invoke('accounts.add', draftFor(server.info, user, { host, port, trustedCertificate: first })));
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    await waitForLog(server.info, new RegExp(`Login: user=<${user.username}>`));
    const loginsBefore = readLog(server.info).split(`Login: user=<${user.username}>`).length;

    // The server's certificate changes under the same name and port (renewed, or someone in between).
    const replacement = createBadCertificate(join(dir, 'certs'), 'rotated', 'self-signed', testCa, host);
    copyFileSync(replacement.certPath, certificate.certPath);
    copyFileSync(replacement.keyPath, certificate.keyPath);
    await server.stop();
    await server.start();
    const second = fingerprintOf(replacement);
    expect(second).not.toBe(first);

    const refused = await engine.invoke('sync.account', { accountId: account.id });
    expect(certificateOf(refused.ok ? undefined : refused.error)).toMatchObject({ sha256: second, reason: 'self-signed' });
    const reported = engine.events.some(
      (event) => event.type === 'status' && event.status.accountId === account.id && event.status.error?.certificate?.sha256 === second,
    );
    expect(reported).toBe(true);
    // The IDLE and interactive connections are held to the same pin.
    const body = await engine.invoke('messages.fetchBody', { accountId: account.id, path: 'INBOX', uidValidity: 1, uid: 1 });
    expect(body.ok ? null : body.error.code).toBe('CERTIFICATE_UNTRUSTED');

    // A fingerprint that is not what the server presents is not pinned.
    const wrong = await engine.invoke('accounts.trustCertificate', { accountId: account.id, sha256: first });
    expect(certificateOf(wrong.ok ? undefined : wrong.error).sha256).toBe(second);
    expect(expectOk(await engine.invoke('accounts.list', {}))[0]?.trustedCertificate).toBe(first);
    expect(readLog(server.info).split(`Login: user=<${user.username}>`).length).toBe(loginsBefore);

    expectOk(await engine.invoke('accounts.trustCertificate', { accountId: account.id, sha256: second }));
    expect(expectOk(await engine.invoke('accounts.list', {}))[0]?.trustedCertificate).toBe(second);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
  });

  it('holds the IDLE connection to the same pin: a new certificate while idling stops it before any login', async () => {
    await engine.dispose();
    engine = await createTestEngine({ engine: { push: true } });
    const { host, port, certificate } = listener('idle');
    const account = expectOk(
      await engine.invoke('accounts.add', draftFor(server.info, user, { host, port, trustedCertificate: fingerprintOf(certificate) })),
    );
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    await waitForLog(server.info, new RegExp(`Login: user=<${user.username}>`));

    const replacement = createBadCertificate(join(dir, 'certs'), 'idle-rotated', 'self-signed', testCa, host);
    copyFileSync(replacement.certPath, certificate.certPath);
    copyFileSync(replacement.keyPath, certificate.keyPath);
    await server.stop();
    const loginsBefore = readLog(server.info).split(`Login: user=<${user.username}>`).length;
    await server.start();

    // No sync asked for: the IDLE watcher reconnects by itself, and meets the new certificate.
    await waitFor(
      'the watcher to report the new certificate',
      () => engine.events.some((event) => event.type === 'status' && event.status.error?.certificate?.sha256 === fingerprintOf(replacement)),
      20_000,
    );
    expect(readLog(server.info).split(`Login: user=<${user.username}>`).length).toBe(loginsBefore);
  });

  it.each([['not a fingerprint'], ['ab:'.repeat(31) + 'ab'], ['AB:'.repeat(32) + 'AB']])(
    'refuses %j as a fingerprint at the IPC edge',
    async (sha256) => {
      const result = await engine.invokeRaw('accounts.trustCertificate', { accountId: 'any', sha256 });
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    },
  );
});
