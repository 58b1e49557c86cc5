import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { completeInBrowser, startOAuthTestServer, type OAuthTestServer } from '../../../e2e/support/oauth-server';
import { AppFailure } from '../../../shared/ipc/result';
import { listenForRedirect } from './loopback-redirect';
import { s256Challenge } from './pkce';
import { providerWith, type OAuthProvider } from './providers';
import { beginSignIn } from './sign-in';
import { refreshTokens } from './token-endpoint';

const testCa = inject('testCa');
let oauth: OAuthTestServer;
let provider: OAuthProvider;

beforeAll(async () => {
  oauth = await startOAuthTestServer(testCa);
  provider = providerWith('google', {
    clientId: oauth.clientId,
    authorizationEndpoint: oauth.authorizationEndpoint,
    tokenEndpoint: oauth.tokenEndpoint,
  });
});
afterAll(() => oauth.close());

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppFailure)) throw new Error(`Expected an AppFailure, got ${String(error)}`);
  return error;
}

describe('OAuth2 sign-in (authorization code, PKCE, loopback redirect)', () => {
  it('signs in through the browser and gets tokens; the code is proven with the S256 verifier', async () => {
    oauth.signInAs('ada');
    const pending = await beginSignIn(provider, { loginHint: 'ada@kestrel.test' });
    const url = new URL(pending.authorizationUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('https://mail.google.com/');
    expect(url.searchParams.get('login_hint')).toBe('ada@kestrel.test');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(url.searchParams.has('code_verifier')).toBe(false);

    const browser = await completeInBrowser(pending.authorizationUrl);
    expect(browser.status).toBe(200);
    expect(browser.page).toContain('You can close this tab');
    const tokens = await pending.tokens;
    expect(tokens.accessToken).not.toBe('');
    expect(tokens.refreshToken).not.toBe('');
    expect(tokens.expiresAt).toBeGreaterThan(Date.now());
    expect(oauth.grants().at(-1)).toEqual({ grantType: 'authorization_code', username: 'ada' });

    // The listener answered once and is gone.
    await expect(fetch(url.searchParams.get('redirect_uri') ?? '')).rejects.toThrow();

    const refreshed = await refreshTokens(provider, tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
  });

  it('refuses a redirect with another state, and stray requests, and still takes the real answer', async () => {
    oauth.signInAs('grace');
    const pending = await beginSignIn(provider);
    const redirectUri = new URL(pending.authorizationUrl).searchParams.get('redirect_uri') ?? '';

    const forged = await fetch(`${redirectUri}?code=stolen&state=${'x'.repeat(32)}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Kestrel did not start this sign-in');
    expect((await fetch(redirectUri)).status).toBe(400);
    expect((await fetch(`${redirectUri}favicon.ico`)).status).toBe(404);
    expect((await fetch(redirectUri, { method: 'POST', body: 'code=x' })).status).toBe(404);

    expect((await completeInBrowser(pending.authorizationUrl)).status).toBe(200);
    await pending.tokens;
    expect(oauth.grants().at(-1)).toEqual({ grantType: 'authorization_code', username: 'grace' });
  });

  it('gives up after the timeout, and then the port is closed', async () => {
    const redirect = await listenForRedirect('the-state', 200);
    const failure = await failureOf(redirect.code);
    expect(failure.appError.code).toBe('TIMEOUT');
    await expect(fetch(`${redirect.redirectUri}?code=late&state=the-state`)).rejects.toThrow();
  });

  it('reports a sign-in refused in the browser as cancelled', async () => {
    oauth.signInAs(null);
    const pending = await beginSignIn(provider);
    expect((await completeInBrowser(pending.authorizationUrl)).status).toBe(200);
    expect((await failureOf(pending.tokens)).appError.code).toBe('CANCELLED');
  });

  it('does not get tokens for a code without the matching verifier', async () => {
    oauth.signInAs('eve');
    const redirect = await listenForRedirect('s');
    const authorize = new URL(oauth.authorizationEndpoint);
    const challenge = s256Challenge('a-verifier-the-attacker-does-not-have-0000000');
    for (const [key, value] of Object.entries({
      response_type: 'code',
      client_id: oauth.clientId,
      redirect_uri: redirect.redirectUri,
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }))
      authorize.searchParams.set(key, value);
    await completeInBrowser(authorize.toString());
    const code = await redirect.code;
    const { exchangeCode } = await import('./token-endpoint');
    const failure = await failureOf(
      exchangeCode(provider, { code, verifier: 'wrong-verifier-wrong-verifier-wrong-verifier', redirectUri: redirect.redirectUri }),
    );
    expect(failure.appError.code).toBe('AUTH_FAILED');
  });

  it('turns a refused refresh into "sign in again"', async () => {
    const failure = await failureOf(refreshTokens(provider, 'a-refresh-token-nobody-issued'));
    expect(failure.appError.code).toBe('SIGN_IN_AGAIN');
    expect(failure.appError.message).toContain('Sign in again');
  });
});
