import type { OAuthProviderId } from '../../../shared/domain/account';
import type { KestrelApi } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';

/**
 * Starts an OAuth2 sign-in in main and shows the provider's page: the desktop app has opened the system
 * browser itself; a page in a browser opens it in a new tab. Tokens never come back here, only the id
 * of the sign-in to finish.
 */
export async function startBrowserSignIn(api: KestrelApi, provider: OAuthProviderId, loginHint: string): Promise<Result<string>> {
  const begun = await api.invoke('accounts.beginOAuthSignIn', { provider, loginHint });
  if (!begun.ok) return begun;
  if (!begun.value.opened) window.open(begun.value.authorizationUrl, '_blank', 'noopener,noreferrer');
  return { ok: true, value: begun.value.signInId };
}
