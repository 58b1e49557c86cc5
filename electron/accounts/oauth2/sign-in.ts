import { listenForRedirect, SIGN_IN_TIMEOUT_MS } from './loopback-redirect';
import { createPkcePair, createState } from './pkce';
import type { OAuthProvider } from './providers';
import { exchangeCode, type OAuthTokens } from './token-endpoint';

/** A sign-in waiting for the browser. */
export interface PendingSignIn {
  /** What the system browser opens; holds only public values (state, challenge), never the verifier. */
  authorizationUrl: string;
  /** The tokens, once the browser came back and the code was exchanged; rejects with an AppFailure. */
  tokens: Promise<OAuthTokens>;
  cancel(): void;
}

export interface SignInOptions {
  /** Lets the provider preselect the account (Google and Microsoft both read it). */
  loginHint?: string;
  timeoutMs?: number;
}

/**
 * Starts the authorization-code flow with PKCE (S256) and a loopback redirect (RFC 8252). The caller
 * opens `authorizationUrl` in the system browser: in Electron with shell.openExternal, in browser mode
 * the page opens it in a new tab.
 */
export async function beginSignIn(provider: OAuthProvider, options: SignInOptions = {}): Promise<PendingSignIn> {
  const state = createState();
  const pkce = createPkcePair();
  const redirect = await listenForRedirect(state, options.timeoutMs ?? SIGN_IN_TIMEOUT_MS);
  const url = new URL(provider.authorizationEndpoint);
  const params: Record<string, string> = {
    ...provider.authorizationParams,
    response_type: 'code',
    client_id: provider.clientId,
    redirect_uri: redirect.redirectUri,
    scope: provider.scope,
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...(options.loginHint === undefined ? {} : { login_hint: options.loginHint }),
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const tokens = redirect.code.then((code) => exchangeCode(provider, { code, verifier: pkce.verifier, redirectUri: redirect.redirectUri }));
  tokens.catch(() => undefined);
  return {
    authorizationUrl: url.toString(),
    tokens,
    cancel: () => {
      redirect.close();
    },
  };
}
