import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, get as httpsGet, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TestCa } from './certs';
import { listenOnLoopback } from './loopback-listener';

/**
 * A small OAuth2 authorization server on loopback (HTTPS, test CA), standing in for Google and Microsoft,
 * which tests cannot reach. It does what the client and Dovecot's oauth2 passdb rely on, strictly:
 * authorization code with PKCE S256 only, single-use codes bound to client, redirect URI and challenge,
 * refresh tokens, and RFC 7662 introspection for Dovecot. Tests steer who signs in and when tokens die.
 */
export interface OAuthTestServer {
  /** `https://localhost:<port>` */
  baseUrl: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  introspectionEndpoint: string;
  clientId: string;
  /** The user the "browser" signs in as on the next authorization request; null refuses (access_denied). */
  signInAs(username: string | null): void;
  /** Access tokens of this user stop working at once (introspection says inactive), as after a revocation. */
  expireAccessTokens(username: string): void;
  /** Refresh tokens of this user are refused from now on (invalid_grant), as after a password change. */
  revokeRefreshTokens(username: string): void;
  /** Every grant the token endpoint issued, in order. */
  grants(): ReadonlyArray<{ grantType: string; username: string }>;
  /** Every access and refresh token it issued: what must never show up in a log or a file outside the secret store. */
  issuedTokens(): string[];
  /** The authorization requests the server received, parsed. */
  authorizationRequests(): ReadonlyArray<URLSearchParams>;
  close(): Promise<void>;
}

interface PendingCode {
  username: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
}

interface IssuedToken {
  username: string;
  expiresAt: number;
}

const ACCESS_TOKEN_LIFETIME_S = 3600;

function token(): string {
  return randomBytes(24).toString('base64url');
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export async function startOAuthTestServer(ca: TestCa, options: { accessTokenLifetimeS?: number } = {}): Promise<OAuthTestServer> {
  const clientId = `kestrel-test-${token().slice(0, 8)}`;
  const lifetime = options.accessTokenLifetimeS ?? ACCESS_TOKEN_LIFETIME_S;
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, IssuedToken>();
  const refreshTokens = new Map<string, string>();
  const revokedRefreshTokens: string[] = [];
  const grants: Array<{ grantType: string; username: string }> = [];
  const authorizations: URLSearchParams[] = [];
  let nextUser: string | null = null;

  const issue = (username: string, grantType: string): Record<string, unknown> => {
    const access = token();
    const refresh = token();
    accessTokens.set(access, { username, expiresAt: Date.now() + lifetime * 1000 });
    refreshTokens.set(refresh, username);
    grants.push({ grantType, username });
    return { access_token: access, token_type: 'Bearer', expires_in: lifetime, refresh_token: refresh, scope: 'mail' };
  };

  const authorize = (url: URL, response: ServerResponse): void => {
    const query = url.searchParams;
    authorizations.push(query);
    const redirectUri = query.get('redirect_uri') ?? '';
    const redirect = new URL(redirectUri);
    // RFC 8252 section 7.3: a loopback IP literal, any port.
    if (redirect.protocol !== 'http:' || redirect.hostname !== '127.0.0.1' || query.get('client_id') !== clientId) {
      json(response, 400, { error: 'invalid_request' });
      return;
    }
    const state = query.get('state') ?? '';
    const challenge = query.get('code_challenge') ?? '';
    if (query.get('response_type') !== 'code' || query.get('code_challenge_method') !== 'S256' || challenge.length !== 43) {
      redirect.searchParams.set('error', 'invalid_request');
    } else if (nextUser === null) {
      redirect.searchParams.set('error', 'access_denied');
    } else {
      const code = token();
      codes.set(code, { username: nextUser, clientId, redirectUri, challenge });
      redirect.searchParams.set('code', code);
    }
    redirect.searchParams.set('state', state);
    response.writeHead(302, { location: redirect.toString() });
    response.end();
  };

  const tokenGrant = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const form = await formOf(request);
    if (form.get('client_id') !== clientId) {
      json(response, 401, { error: 'invalid_client' });
      return;
    }
    if (form.get('grant_type') === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code); // single use, whatever happens
      const verifier = form.get('code_verifier') ?? '';
      const proof = createHash('sha256').update(verifier).digest('base64url');
      if (pending === undefined || pending.redirectUri !== form.get('redirect_uri') || pending.challenge !== proof) {
        json(response, 400, { error: 'invalid_grant' });
        return;
      }
      json(response, 200, issue(pending.username, 'authorization_code'));
      return;
    }
    if (form.get('grant_type') === 'refresh_token') {
      const username = refreshTokens.get(form.get('refresh_token') ?? '');
      if (username === undefined) {
        json(response, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        return;
      }
      json(response, 200, issue(username, 'refresh_token'));
      return;
    }
    json(response, 400, { error: 'unsupported_grant_type' });
  };

  const introspect = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const form = await formOf(request);
    const issued = accessTokens.get(form.get('token') ?? '');
    if (issued === undefined || issued.expiresAt <= Date.now()) {
      json(response, 200, { active: false });
      return;
    }
    json(response, 200, { active: true, username: issued.username, exp: Math.floor(issued.expiresAt / 1000) });
  };

  const server: Server = createServer({ key: readFileSync(ca.serverKeyPath), cert: readFileSync(ca.serverCertPath) }, (request, response) => {
    const url = new URL(request.url ?? '/', 'https://localhost');
    const route = `${request.method ?? ''} ${url.pathname}`;
    let handled: Promise<void> = Promise.resolve();
    if (route === 'GET /authorize') authorize(url, response);
    else if (route === 'POST /token') handled = tokenGrant(request, response);
    else if (route === 'POST /introspect') handled = introspect(request, response);
    else json(response, 404, { error: 'not_found' });
    handled.catch(() => {
      response.destroy();
    });
  });
  const listener = await listenOnLoopback(server);
  const baseUrl = `https://localhost:${String(listener.port)}`;
  return {
    baseUrl,
    authorizationEndpoint: `${baseUrl}/authorize`,
    tokenEndpoint: `${baseUrl}/token`,
    introspectionEndpoint: `${baseUrl}/introspect`,
    clientId,
    signInAs: (username) => {
      nextUser = username;
    },
    expireAccessTokens: (username) => {
      for (const issued of accessTokens.values()) if (issued.username === username) issued.expiresAt = 0;
    },
    revokeRefreshTokens: (username) => {
      for (const [refresh, owner] of refreshTokens) {
        if (owner !== username) continue;
        refreshTokens.delete(refresh);
        revokedRefreshTokens.push(refresh);
      }
    },
    grants: () => [...grants],
    issuedTokens: () => [...accessTokens.keys(), ...refreshTokens.keys(), ...revokedRefreshTokens],
    authorizationRequests: () => [...authorizations],
    close: listener.close,
  };
}

/**
 * Plays the user's browser: opens the authorization URL, follows the provider's redirect to the app's
 * loopback listener, and returns what that page answered.
 */
export async function completeInBrowser(authorizationUrl: string): Promise<{ status: number; page: string }> {
  const consent = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || location === null) throw new Error(`The authorization server answered ${String(consent.status)}, not a redirect`);
  const back = await fetch(location, { redirect: 'manual' });
  return { status: back.status, page: await back.text() };
}

/**
 * The provider's answer to an authorization request, asked from Node with explicit trust in the test CA:
 * for a browser that does not trust that CA (the e2e specs' Chromium), which then follows the redirect itself.
 */
export function askAuthorizationServer(url: string, caCertPath: string): Promise<{ status: number; location: string | null }> {
  return new Promise((resolve, reject) => {
    const request = httpsGet(url, { ca: readFileSync(caCertPath) }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? null });
    });
    request.on('error', reject);
  });
}
