import { randomUUID } from 'node:crypto';
import { AppFailure } from '../../../shared/ipc/result';
import { log } from '../../log';
import type { OAuthProvider } from './providers';
import { beginSignIn, type PendingSignIn } from './sign-in';
import type { OAuthTokens } from './token-endpoint';

/** A few at most: each holds a loopback port until the browser answers or the timeout. */
const MAX_PENDING = 4;
/** How long tokens the browser already brought wait for the window to ask for them. */
const KEEP_FINISHED_MS = 60_000;

/** Sign-ins started in the browser and not yet taken, by an id the window holds (never the tokens). */
export class PendingSignIns {
  private readonly pending = new Map<string, { provider: OAuthProvider; signIn: PendingSignIn }>();

  constructor(private readonly timeoutMs?: number) {}

  async begin(provider: OAuthProvider, loginHint?: string): Promise<{ signInId: string; authorizationUrl: string }> {
    if (this.pending.size >= MAX_PENDING) {
      const [oldest] = this.pending.keys();
      if (oldest !== undefined) this.cancel(oldest);
    }
    const signIn = await beginSignIn(provider, { loginHint, timeoutMs: this.timeoutMs });
    const signInId = randomUUID();
    this.pending.set(signInId, { provider, signIn });
    signIn.tokens
      .catch(() => undefined)
      .finally(() => {
        setTimeout(() => this.pending.delete(signInId), KEEP_FINISHED_MS).unref();
      });
    log.info('oauth.sign_in_started', { provider: provider.id });
    return { signInId, authorizationUrl: signIn.authorizationUrl };
  }

  /** The provider the sign-in was started with, or null when it has ended. */
  providerOf(signInId: string): OAuthProvider | null {
    return this.pending.get(signInId)?.provider ?? null;
  }

  cancel(signInId: string): void {
    this.pending.get(signInId)?.signIn.cancel();
    this.pending.delete(signInId);
  }

  /** Waits for the browser's answer; the tokens can be taken once. */
  async finish(signInId: string): Promise<{ provider: OAuthProvider; tokens: OAuthTokens }> {
    const entry = this.pending.get(signInId);
    if (entry === undefined) throw new AppFailure({ code: 'NOT_FOUND', message: 'This sign-in has ended. Start it again.' });
    try {
      return { provider: entry.provider, tokens: await entry.signIn.tokens };
    } finally {
      this.pending.delete(signInId);
    }
  }
}
