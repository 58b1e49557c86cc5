import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { completeInBrowser, startOAuthTestServer, type OAuthTestServer } from '../../../e2e/support/oauth-server';
import { FileSecretStore } from '../file-secret-store';
import { providerWith, type OAuthProvider } from './providers';
import { beginSignIn } from './sign-in';
import { OAuthTokenKeeper, REFRESH_MARGIN_MS, serializeTokens } from './token-source';

const testCa = inject('testCa');
let oauth: OAuthTestServer;
let provider: OAuthProvider;
const dir = mkdtempSync(join(tmpdir(), 'kestrel-tokens-'));

beforeAll(async () => {
  oauth = await startOAuthTestServer(testCa);
  provider = providerWith('microsoft', {
    clientId: oauth.clientId,
    authorizationEndpoint: oauth.authorizationEndpoint,
    tokenEndpoint: oauth.tokenEndpoint,
  });
});
afterAll(async () => {
  await oauth.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signedIn(username: string, secrets: FileSecretStore, accountId: string) {
  oauth.signInAs(username);
  const pending = await beginSignIn(provider);
  await completeInBrowser(pending.authorizationUrl);
  const tokens = await pending.tokens;
  await secrets.set(accountId, serializeTokens(tokens));
  return tokens;
}

const refreshes = (username: string) => oauth.grants().filter((grant) => grant.grantType === 'refresh_token' && grant.username === username).length;

describe('access tokens of an OAuth2 account', () => {
  it('hands out the stored token while it is fresh, and refreshes it shortly before it expires, once for all callers', async () => {
    const secrets = new FileSecretStore(join(dir, 'a.json'));
    const tokens = await signedIn('early', secrets, 'a');
    let now = Date.now();
    const source = new OAuthTokenKeeper(secrets, () => now).sourceFor('a', provider);
    expect(await source.current()).toBe(tokens.accessToken);
    expect(refreshes('early')).toBe(0);

    now = tokens.expiresAt - REFRESH_MARGIN_MS + 1;
    const fresh = await Promise.all([source.current(), source.current(), source.current()]);
    expect(new Set(fresh).size).toBe(1);
    expect(fresh[0]).not.toBe(tokens.accessToken);
    expect(refreshes('early')).toBe(1);
    // The rotated refresh token replaced the old one in the store.
    expect(await secrets.get('a')).not.toContain(tokens.refreshToken);
  });

  it('renews a token a server refused, unless another connection has already', async () => {
    const secrets = new FileSecretStore(join(dir, 'b.json'));
    const tokens = await signedIn('refused', secrets, 'b');
    const source = new OAuthTokenKeeper(secrets).sourceFor('b', provider);
    const renewed = await source.renew(tokens.accessToken);
    expect(renewed).not.toBe(tokens.accessToken);
    expect(await source.renew(tokens.accessToken)).toBe(renewed);
    expect(refreshes('refused')).toBe(1);
  });

  it('asks to sign in again when the sign-in is missing from the store', async () => {
    const source = new OAuthTokenKeeper(new FileSecretStore(join(dir, 'c.json'))).sourceFor('c', provider);
    await expect(source.current()).rejects.toMatchObject({ appError: { code: 'SIGN_IN_AGAIN' } });
  });
});
