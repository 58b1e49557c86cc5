import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createUser, readLog, startDovecot, waitForLog, type DovecotServer, type TestUser } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import { connectImap } from '../imap/connect';

const shared = inject('dovecot');
const testCa = inject('testCa');

let dir: string;
/** A server of this file's own that takes passwords in clear text (disable_plaintext_auth = no). */
let plaintextServer: DovecotServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kestrel-plaintext-'));
  plaintextServer = await startDovecot({ rootDir: dir, ca: testCa, plaintextLogins: true });
});

afterAll(async () => {
  await plaintextServer.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('plain text, only after an explicit opt-in', () => {
  let engine: TestEngine;
  let user: TestUser;

  beforeEach(async () => {
    engine = await createTestEngine();
    user = await createUser(plaintextServer.info, 'plain');
  });

  afterEach(async () => {
    await engine.dispose();
  });

  it('refuses a plain-text account without the opt-in, before connecting', async () => {
    const { info } = plaintextServer;
    const result = await engine.invokeRaw('accounts.add', draftFor(info, user, { port: info.starttlsPort, security: 'plain' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'security' } });
    expect(expectOk(await engine.invoke('accounts.list', {}))).toEqual([]);
    expect(readLog(info)).not.toContain(user.username);
  });

  it('connects without TLS once the user opted in, and keeps the opt-in with the account', async () => {
    const { info } = plaintextServer;
    const account = expectOk(
      await engine.invoke('accounts.add', draftFor(info, user, { port: info.starttlsPort, security: 'plain', plaintextOptIn: true })),
    );
    expect(account).toMatchObject({ security: 'plain', plaintextOptIn: true });
    expect(JSON.parse(await readFile(join(engine.dataDir, 'accounts.json'), 'utf8'))).toMatchObject({
      accounts: [{ security: 'plain', plaintextOptIn: true }],
    });
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const [login] = await waitForLog(info, new RegExp(`Login: user=<${user.username}>.*`));
    // Dovecot marks TLS sessions with ", TLS"; this one never started TLS (the server offers STARTTLS).
    expect(login).not.toMatch(/, TLS/);
  });

  it('keeps no opt-in on an account that uses TLS', async () => {
    const account = expectOk(await engine.invoke('accounts.add', draftFor(plaintextServer.info, user, { plaintextOptIn: true })));
    expect(account.security).toBe('tls');
    expect(account.plaintextOptIn).toBeUndefined();
  });

  it('refuses plain text in the engine too when the opt-in is missing (a hand-edited settings file)', async () => {
    const { info } = plaintextServer;
    await expect(
      connectImap({ host: info.host, port: info.starttlsPort, security: 'plain', username: user.username, password: user.password }),
    ).rejects.toMatchObject({ appError: { code: 'BAD_INPUT', field: 'security' } });
    expect(readLog(info)).not.toContain(user.username);
  });

  it('does not weaken the shared test server, which still refuses a password in clear text', async () => {
    const sharedUser = await createUser(shared, 'plain-shared');
    const result = await engine.invoke(
      'accounts.add',
      draftFor(shared, sharedUser, { port: shared.starttlsPort, security: 'plain', plaintextOptIn: true }),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
  });
});
