import { z } from 'zod';
import { AppFailure } from '../../../shared/ipc/result';
import type { OAuthProvider } from './providers';

/** What is kept in the secret store for an OAuth2 account; never sent to the renderer, never logged. */
export const oauthTokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Milliseconds since the epoch. */
  expiresAt: z.number(),
});
export type OAuthTokens = z.infer<typeof oauthTokensSchema>;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1).max(16_384),
  // Some providers send it as a string.
  expires_in: z.coerce
    .number()
    .positive()
    .max(366 * 86_400)
    .optional(),
  refresh_token: z.string().min(1).max(16_384).optional(),
});
const errorResponseSchema = z.object({ error: z.string().max(200) });

/** Without expires_in a token is treated as short-lived: refreshing early costs one request. */
const DEFAULT_LIFETIME_S = 300;
const REQUEST_TIMEOUT_MS = 30_000;

/** Token requests go over TLS; plain http is allowed only to this machine, where nothing can listen in. */
function checkedEndpoint(endpoint: string): URL {
  const url = new URL(endpoint);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new AppFailure({ code: 'INTERNAL', message: `The sign-in settings for this provider are wrong (not https). Report this.` });
  }
  return url;
}

type TokenRequest =
  | { grant_type: 'authorization_code'; code: string; code_verifier: string; redirect_uri: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

async function requestTokens(provider: OAuthProvider, request: TokenRequest): Promise<z.infer<typeof tokenResponseSchema>> {
  const form = new URLSearchParams({ ...request, client_id: provider.clientId });
  if (provider.clientSecret !== undefined) form.set('client_secret', provider.clientSecret);
  let response: Response;
  try {
    response = await fetch(checkedEndpoint(provider.tokenEndpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
      redirect: 'error',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    if (error instanceof AppFailure) throw error;
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new AppFailure({
      code: timedOut ? 'TIMEOUT' : 'HOST_UNREACHABLE',
      message: `Could not reach ${provider.label} to sign in. Check your network and try again.`,
    });
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = tokenResponseSchema.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new AppFailure({ code: 'SERVER_ERROR', message: `${provider.label} sent an answer Kestrel does not understand. Try again later.` });
  }
  const refusal = errorResponseSchema.safeParse(body);
  // RFC 6749 section 5.2: a refused grant, client or scope is for good; anything else may pass.
  if (response.status === 400 || response.status === 401) {
    const reason = refusal.success ? refusal.data.error : `HTTP ${String(response.status)}`;
    throw new AppFailure(
      request.grant_type === 'refresh_token'
        ? { code: 'SIGN_IN_AGAIN', message: `${provider.label} no longer accepts Kestrel's sign-in (${reason}). Sign in again.` }
        : { code: 'AUTH_FAILED', message: `${provider.label} refused the sign-in (${reason}). Try again.` },
    );
  }
  throw new AppFailure({
    code: 'SERVER_ERROR',
    message: `${provider.label} could not sign in right now (HTTP ${String(response.status)}). Try again later.`,
  });
}

function toTokens(response: z.infer<typeof tokenResponseSchema>, refreshToken: string | undefined, issuedAt: number): OAuthTokens {
  const kept = response.refresh_token ?? refreshToken;
  if (kept === undefined) {
    throw new AppFailure({ code: 'AUTH_FAILED', message: 'The provider gave no lasting sign-in (no refresh token). Try again.' });
  }
  return { accessToken: response.access_token, refreshToken: kept, expiresAt: issuedAt + (response.expires_in ?? DEFAULT_LIFETIME_S) * 1000 };
}

/** Trades the authorization code, with the PKCE verifier that proves we asked for it, for tokens. */
export async function exchangeCode(
  provider: OAuthProvider,
  grant: { code: string; verifier: string; redirectUri: string },
  now: () => number = Date.now,
): Promise<OAuthTokens> {
  const issuedAt = now();
  const response = await requestTokens(provider, {
    grant_type: 'authorization_code',
    code: grant.code,
    code_verifier: grant.verifier,
    redirect_uri: grant.redirectUri,
  });
  return toTokens(response, undefined, issuedAt);
}

/**
 * A new access token for the refresh token. Providers that rotate refresh tokens (Microsoft) send a new
 * one, which replaces the old; the others keep theirs. A refusal is SIGN_IN_AGAIN.
 */
export async function refreshTokens(provider: OAuthProvider, refreshToken: string, now: () => number = Date.now): Promise<OAuthTokens> {
  const issuedAt = now();
  const response = await requestTokens(provider, { grant_type: 'refresh_token', refresh_token: refreshToken });
  return toTokens(response, refreshToken, issuedAt);
}
