import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestCa } from '../../e2e/support/certs';
import { createUser, type TestUser } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import { closedPort, startPlainImapWithoutStarttls, startTlsWithUntrustedCertificate } from '../../e2e/support/misbehaving-servers';
import { waitFor } from '../../e2e/support/wait';

const dovecot = inject('dovecot');

describe('adding an account', () => {
  let engine: TestEngine;
  let user: TestUser;

  beforeEach(async () => {
    engine = await createTestEngine();
    user = await createUser(dovecot, 'add');
  });

  afterEach(async () => {
    await engine.dispose();
  });

  async function expectNothingSaved(): Promise<void> {
    expect(expectOk(await engine.invoke('accounts.list', {}))).toEqual([]);
    const secrets = await readFile(join(engine.dataDir, 'secrets.json'), 'utf8').catch(() => '{}');
    expect(JSON.parse(secrets)).toEqual({});
  }

  it('saves an account over implicit TLS once the server accepted the login, without the password', async () => {
    const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
    expect(account).toMatchObject({ email: user.email, host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls' });
    expect(JSON.stringify(account)).not.toContain(user.password);
    expect(expectOk(await engine.invoke('accounts.list', {}))).toEqual([account]);
    expect(await readFile(join(engine.dataDir, 'accounts.json'), 'utf8')).not.toContain(user.password);
  });

  it('removes an account with its password, and the engine stops using it', async () => {
    const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    expectOk(await engine.invoke('accounts.remove', { accountId: account.id }));
    await expectNothingSaved();
    const sync = await engine.invoke('sync.account', { accountId: account.id });
    expect(sync.ok ? null : sync.error.code).toBe('NOT_FOUND');
  });

  it('takes a new password only once the server accepts it', async () => {
    const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
    const wrong = await engine.invoke('accounts.updatePassword', { accountId: account.id, password: 'not it' });
    expect(wrong.ok ? null : wrong.error.code).toBe('AUTH_FAILED');
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    expectOk(await engine.invoke('accounts.updatePassword', { accountId: account.id, password: user.password }));
    expect(await readFile(join(engine.dataDir, 'secrets.json'), 'utf8')).not.toContain('not it');
  });

  it('changes an account: a new name at once, new server settings only once the server accepts them', async () => {
    const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
    const edit = {
      accountId: account.id,
      displayName: 'Ada at work',
      email: account.email,
      host: account.host,
      port: account.port,
      security: account.security,
      username: account.username,
    };
    const renamed = expectOk(await engine.invoke('accounts.update', edit));
    expect(renamed).toMatchObject({ id: account.id, displayName: 'Ada at work' });
    // The sync the change starts brings the renamed account to the window's cache.
    await waitFor('the renamed account in the cache', async () => (await engine.db.accounts.get(account.id))?.displayName === 'Ada at work');

    const unreachable = await engine.invoke('accounts.update', { ...edit, port: await closedPort() });
    expect(unreachable.ok ? null : unreachable.error.code).toBe('HOST_UNREACHABLE');
    const wrongUser = await engine.invoke('accounts.update', { ...edit, username: 'nobody-here' });
    expect(wrongUser.ok ? null : wrongUser.error.code).toBe('AUTH_FAILED');
    const plainWithoutConsent = await engine.invoke('accounts.update', { ...edit, security: 'plain' });
    expect(plainWithoutConsent.ok ? null : plainWithoutConsent.error.code).toBe('BAD_INPUT');
    expect(expectOk(await engine.invoke('accounts.list', {}))).toEqual([renamed]);

    const starttls = expectOk(await engine.invoke('accounts.update', { ...edit, port: dovecot.starttlsPort, security: 'starttls' }));
    expect(starttls).toMatchObject({ port: dovecot.starttlsPort, security: 'starttls' });
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    expect(await readFile(join(engine.dataDir, 'accounts.json'), 'utf8')).not.toContain(user.password);
  });

  it('connects with STARTTLS on the plain port', async () => {
    const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user, { port: dovecot.starttlsPort, security: 'starttls' })));
    expect(account.security).toBe('starttls');
  });

  it('says the password was rejected, and saves nothing', async () => {
    const result = await engine.invoke('accounts.add', draftFor(dovecot, user, { password: 'not-the-password' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED', field: 'password' } });
    await expectNothingSaved();
  });

  it('says the host cannot be reached, and saves nothing', async () => {
    const result = await engine.invoke('accounts.add', draftFor(dovecot, user, { port: await closedPort() }));
    expect(result).toMatchObject({ ok: false, error: { code: 'HOST_UNREACHABLE', field: 'host' } });
    await expectNothingSaved();
  });

  it('refuses a certificate the system does not trust, and saves nothing', async () => {
    const server = await startTlsWithUntrustedCertificate(createTestCa(mkdtempSync(join(tmpdir(), 'kestrel-untrusted-'))));
    try {
      const result = await engine.invoke('accounts.add', draftFor(dovecot, user, { port: server.port }));
      expect(result).toMatchObject({ ok: false, error: { code: 'CERTIFICATE_UNTRUSTED', certificate: { reason: 'unknown-issuer' } } });
      // Not a byte after the handshake: the test server never even saw a CAPABILITY.
      expect(server.received()).toBe('');
    } finally {
      await server.close();
    }
    await expectNothingSaved();
  });

  it('says the secure connection failed when the port does not speak TLS', async () => {
    const result = await engine.invoke('accounts.add', draftFor(dovecot, user, { port: dovecot.starttlsPort, security: 'tls' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'TLS_FAILED', field: 'host' } });
    await expectNothingSaved();
  });

  it('refuses to log in in clear text when the server hides STARTTLS', async () => {
    const server = await startPlainImapWithoutStarttls();
    try {
      const result = await engine.invoke('accounts.add', draftFor(dovecot, user, { port: server.port, security: 'starttls' }));
      expect(result).toMatchObject({ ok: false, error: { code: 'STARTTLS_UNAVAILABLE' } });
      expect(server.received()).not.toContain(user.password);
    } finally {
      await server.close();
    }
    await expectNothingSaved();
  });

  it.each([
    ['port', { port: 0 }],
    ['port', { port: 70000 }],
    ['port', { port: 993.5 }],
    ['email', { email: 'not an address' }],
    ['host', { host: '' }],
    ['host', { host: 'imap example.com' }],
    ['password', { password: '' }],
    ['security', { security: 'none' }],
    ['displayName', { displayName: '   ' }],
  ])('rejects invalid %s input with a message for that field, and saves nothing', async (field, override) => {
    const result = await engine.invokeRaw('accounts.add', { ...draftFor(dovecot, user), ...override });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field } });
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(5);
    await expectNothingSaved();
  });
});
