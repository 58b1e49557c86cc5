import { AppFailure } from '../../../shared/ipc/result';
import { log } from '../../log';
import type { SecretStore } from '../secret-store';
import type { OAuthProvider } from './providers';
import { oauthTokensSchema, refreshTokens, type OAuthTokens } from './token-endpoint';

/** What a connection needs to sign in with OAuth2: a token now, and a fresh one when the server refused it. */
export interface AccessTokenSource {
  current(): Promise<string>;
  /** A token other than `rejected`, refreshed when need be; throws SIGN_IN_AGAIN when the provider refuses. */
  renew(rejected: string): Promise<string>;
}

/** Tokens this close to expiry are refreshed first, so a login never races the clock. */
export const REFRESH_MARGIN_MS = 2 * 60_000;

export function serializeTokens(tokens: OAuthTokens): string {
  return JSON.stringify(tokens);
}

function jsonOf(stored: string): unknown {
  try {
    return JSON.parse(stored);
  } catch {
    return null;
  }
}

function parseTokens(stored: string | null): OAuthTokens {
  const parsed = stored === null ? null : oauthTokensSchema.safeParse(jsonOf(stored));
  if (parsed?.success !== true) {
    throw new AppFailure({ code: 'SIGN_IN_AGAIN', message: 'The sign-in for this account is missing on this computer. Sign in again.' });
  }
  return parsed.data;
}

/**
 * Hands out an account's access token from the secret store and refreshes it when it is about to
 * expire or a server refused it. One refresh at a time per account: the sync, interactive and IDLE
 * connections often need one at the same moment, and Microsoft rotates refresh tokens, so two refreshes
 * racing would leave the loser's refresh token revoked.
 */
export class OAuthTokenKeeper {
  private readonly refreshing = new Map<string, Promise<string>>();
  /** Accounts removed: a refresh must not bring their tokens back. */
  private readonly forgotten = new Set<string>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly now: () => number = Date.now,
  ) {}

  sourceFor(accountId: string, provider: OAuthProvider): AccessTokenSource {
    return {
      current: async () => {
        const tokens = parseTokens(await this.secrets.get(accountId));
        if (tokens.expiresAt - this.now() > REFRESH_MARGIN_MS) return tokens.accessToken;
        return this.refresh(accountId, provider);
      },
      renew: async (rejected) => {
        const tokens = parseTokens(await this.secrets.get(accountId));
        // Another connection refreshed already.
        if (tokens.accessToken !== rejected) return tokens.accessToken;
        return this.refresh(accountId, provider);
      },
    };
  }

  /**
   * The account is being removed: waits for a refresh still running, and keeps any later one from writing,
   * so that the caller's deletion of the account's secret is the last word on it.
   */
  async forget(accountId: string): Promise<void> {
    this.forgotten.add(accountId);
    await this.refreshing.get(accountId)?.catch(() => undefined);
  }

  private refresh(accountId: string, provider: OAuthProvider): Promise<string> {
    const running = this.refreshing.get(accountId);
    if (running !== undefined) return running;
    const refresh = (async () => {
      const stored = parseTokens(await this.secrets.get(accountId));
      try {
        const fresh = await refreshTokens(provider, stored.refreshToken, this.now);
        if (this.forgotten.has(accountId)) throw new AppFailure({ code: 'NOT_FOUND', message: 'This account was removed.' });
        await this.secrets.set(accountId, serializeTokens(fresh));
        log.info('oauth.refreshed', { accountId, provider: provider.id });
        return fresh.accessToken;
      } catch (error) {
        if (error instanceof AppFailure) log.warn('oauth.refresh_failed', { accountId, provider: provider.id, code: error.appError.code });
        throw error;
      }
    })().finally(() => this.refreshing.delete(accountId));
    this.refreshing.set(accountId, refresh);
    return refresh;
  }
}
