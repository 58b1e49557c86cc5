import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendMessages, createUser, readLog, startDovecot, waitForLog, type DovecotServer, type TestUser } from '../../../e2e/support/dovecot';
import { createTestEngine, expectOk, type TestEngine } from '../../../e2e/support/engine-harness';
import { makeMessage } from '../../../e2e/support/messages';
import { completeInBrowser, startOAuthTestServer, type OAuthTestServer } from '../../../e2e/support/oauth-server';
import { waitFor } from '../../../e2e/support/wait';
import type { AccountSummary } from '../../../shared/domain/account';
import { AppFailure } from '../../../shared/ipc/result';
import { connectImap, disconnectImap } from '../../imap/connect';
import { providerWith } from './providers';
import { beginSignIn } from './sign-in';

const testCa = inject('testCa');
let oauth: OAuthTestServer;
/** Offers XOAUTH2 only (like Gmail), and OAUTHBEARER with XOAUTH2 (imapflow then takes OAUTHBEARER). */
let xoauth2Only: DovecotServer;
let oauthbearer: DovecotServer;

beforeAll(async () => {
  oauth = await startOAuthTestServer(testCa);
  const introspectionUrl = oauth.introspectionEndpoint;
  [xoauth2Only, oauthbearer] = await Promise.all([
    startDovecot({ ca: testCa, oauth2: { introspectionUrl, mechanisms: ['xoauth2'] } }),
    startDovecot({ ca: testCa, oauth2: { introspectionUrl, mechanisms: ['oauthbearer', 'xoauth2'] } }),
  ]);
});
afterAll(async () => {
  await Promise.allSettled([xoauth2Only.dispose(), oauthbearer.dispose()]);
  await oauth.close();
});

const provider = () =>
  providerWith('google', {
    clientId: oauth.clientId,
    authorizationEndpoint: oauth.authorizationEndpoint,
    tokenEndpoint: oauth.tokenEndpoint,
    imapHost: oauthbearer.info.host,
  });

async function tokensFor(user: TestUser): Promise<string> {
  oauth.signInAs(user.username);
  const pending = await beginSignIn(provider());
  await completeInBrowser(pending.authorizationUrl);
  return (await pending.tokens).accessToken;
}

const message = (subject: string) => makeMessage({ from: { name: 'A', address: 'a@kestrel.test' }, to: [], subject, date: new Date(), text: 'x' });

const fixedToken = (token: string) => ({
  current: () => Promise.resolve(token),
  renew: () => Promise.reject(new AppFailure({ code: 'SIGN_IN_AGAIN', message: 'refused' })),
});

describe('IMAP login with OAuth2 tokens (Dovecot oauth2 passdb)', () => {
  it.each([
    ['XOAUTH2', () => xoauth2Only],
    ['OAUTHBEARER', () => oauthbearer],
  ])('signs in with %s', async (mechanism, server) => {
    const { info } = server();
    const user = await createUser(info, 'oauth');
    const token = await tokensFor(user);
    const client = await connectImap({
      host: info.host,
      port: info.tlsPort,
      security: 'tls',
      username: user.username,
      accessToken: fixedToken(token),
    });
    expect(client.authenticated).toBe(true);
    await disconnectImap(client);
    await waitForLog(info, new RegExp(`Login: user=<${user.username}>, method=${mechanism}`));
    expect(readLog(info)).not.toContain(token);
  });

  it('refuses a token issued to someone else, and a token nobody issued', async () => {
    const { info } = oauthbearer;
    const [owner, other] = await Promise.all([createUser(info, 'owner'), createUser(info, 'other')]);
    const token = await tokensFor(owner);
    for (const [username, attempt] of [
      [other.username, token],
      [owner.username, 'a-token-nobody-issued'],
    ] as const) {
      const failure: unknown = await connectImap({
        host: info.host,
        port: info.tlsPort,
        security: 'tls',
        username,
        accessToken: fixedToken(attempt),
      }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure instanceof AppFailure ? failure.appError.code : failure).toBe('SIGN_IN_AGAIN');
    }
  });
});

describe('an OAuth2 account in the engine', () => {
  let engine: TestEngine;
  let user: TestUser;
  let account: AccountSummary;
  const engines: TestEngine[] = [];

  afterAll(async () => {
    for (const running of engines) await running.stop();
    await engines[0]?.dispose();
  });

  const restart = async (): Promise<TestEngine> => {
    await engine.stop();
    engine = await createTestEngine({ restartOf: engine, oauth: { providers: { google: provider() } } });
    engines.push(engine);
    return engine;
  };

  it('never sends a token to any server but the provider’s own, over TLS', async () => {
    const { info } = oauthbearer;
    const other = await createTestEngine({ oauth: { providers: { google: provider() } } });
    try {
      for (const [host, security] of [
        ['imap.attacker.example', 'tls'],
        [info.host, 'starttls'],
      ] as const) {
        const begun = expectOk(await other.invoke('accounts.beginOAuthSignIn', { provider: 'google' }));
        const refused = await other.invoke('accounts.addWithOAuth', {
          signInId: begun.signInId,
          displayName: 'OAuth Tester',
          email: 'ada@kestrel.test',
          host,
          port: info.tlsPort,
          security,
          username: 'ada',
        });
        expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'host' } });
      }
      expect(expectOk(await other.invoke('accounts.list', {}))).toEqual([]);
    } finally {
      await other.dispose();
    }
  });

  it('is added through the browser sign-in, syncs, and keeps its tokens out of the account settings', async () => {
    const { info } = oauthbearer;
    user = await createUser(info, 'engine');
    await appendMessages(info, user, 'INBOX', [message('Before sign-in')]);
    engine = await createTestEngine({ oauth: { providers: { google: provider() } } });
    engines.push(engine);
    expect(expectOk(await engine.invoke('accounts.oauthProviders', {}))).toEqual(['google']);

    oauth.signInAs(user.username);
    const begun = expectOk(await engine.invoke('accounts.beginOAuthSignIn', { provider: 'google', loginHint: user.email }));
    expect(begun.opened).toBe(false); // browser mode: the page opens it
    const adding = engine.invoke('accounts.addWithOAuth', {
      signInId: begun.signInId,
      displayName: 'OAuth Tester',
      email: user.email,
      host: info.host,
      port: info.tlsPort,
      security: 'tls',
      username: user.username,
    });
    await completeInBrowser(begun.authorizationUrl);
    account = expectOk(await adding);
    expect(account.auth).toEqual({ kind: 'oauth2', provider: 'google' });
    const report = expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    expect(report.newMessages).toBe(1);

    const secrets = JSON.parse(await readFile(join(engine.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    const stored = JSON.parse(secrets[account.id] ?? '{}') as { accessToken?: string; refreshToken?: string };
    expect(stored.accessToken).toBeTruthy();
    expect(stored.refreshToken).toBeTruthy();
    const outside = [await readFile(join(engine.dataDir, 'accounts.json'), 'utf8'), JSON.stringify(engine.events), JSON.stringify(account)].join(
      '\n',
    );
    expect(outside).not.toContain(stored.accessToken);
    expect(outside).not.toContain(stored.refreshToken);
    expect(readLog(info)).not.toContain(stored.accessToken);
  });

  it('refreshes a token the server no longer accepts, and the sync goes on', async () => {
    const { info } = oauthbearer;
    const refreshesBefore = oauth.grants().filter((grant) => grant.grantType === 'refresh_token').length;
    oauth.expireAccessTokens(user.username);
    await appendMessages(info, user, 'INBOX', [message('After the token expired')]);
    await restart(); // a new connection, which must sign in again
    const report = expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    expect(report.newMessages).toBe(1);
    expect(oauth.grants().filter((grant) => grant.grantType === 'refresh_token')).toHaveLength(refreshesBefore + 1);
  });

  it('asks the user to sign in again when the provider refuses the refresh', async () => {
    oauth.expireAccessTokens(user.username);
    oauth.revokeRefreshTokens(user.username);
    await restart();
    const sync = await engine.invoke('sync.account', { accountId: account.id });
    expect(sync.ok ? null : sync.error.code).toBe('SIGN_IN_AGAIN');
    expect(sync.ok ? '' : sync.error.message).toContain('Sign in again');
    await waitFor('the account to show the error', () =>
      engine.events.some((event) => event.type === 'status' && event.status.error?.code === 'SIGN_IN_AGAIN'),
    );
    const password = await engine.invoke('accounts.updatePassword', { accountId: account.id, password: 'anything' });
    expect(password.ok ? null : password.error.code).toBe('BAD_INPUT');
  });

  const signInAgain = async (as: string) => {
    oauth.signInAs(as);
    const begun = expectOk(await engine.invoke('accounts.beginOAuthSignIn', { provider: 'google', loginHint: user.email }));
    const renewing = engine.invoke('accounts.renewOAuthSignIn', { accountId: account.id, signInId: begun.signInId });
    await completeInBrowser(begun.authorizationUrl);
    return renewing;
  };

  it('takes a new sign-in only for the same user, and then syncs again', async () => {
    const stranger = await createUser(oauthbearer.info, 'stranger');
    const wrongUser = await signInAgain(stranger.username);
    expect(wrongUser.ok ? null : wrongUser.error.code).toBe('AUTH_FAILED');
    const stillRefused = await engine.invoke('sync.account', { accountId: account.id });
    expect(stillRefused.ok ? null : stillRefused.error.code).toBe('SIGN_IN_AGAIN');

    expectOk(await signInAgain(user.username));
    await waitFor('the sync after signing in again', () =>
      engine.events.some((event) => event.type === 'status' && event.status.accountId === account.id && event.status.state === 'idle'),
    );
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
  });
});
