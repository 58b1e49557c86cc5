import { useEffect, useState } from 'react';
import {
  accountDraftSchema,
  oauthProviderImap,
  type AccountSummary,
  type ConnectionSecurity,
  type OAuthProviderId,
} from '../../../shared/domain/account';
import type { KestrelApi } from '../../../shared/ipc/contract';
import { startBrowserSignIn } from './browser-sign-in';

interface Props {
  api: KestrelApi;
  /** What the form holds; an empty server falls back to the provider's, an empty user name to the address. */
  values: { displayName: string; email: string; host: string; port: string; security: ConnectionSecurity; username: string };
  onAdded: (account: AccountSummary) => void;
}

/**
 * "Sign in with Google / Microsoft": the provider's own page in the system browser (or a new tab in
 * browser mode) instead of a password. Shown only for providers this copy of Kestrel has a client id for.
 */
export function OAuthSignIn({ api, values, onAdded }: Props) {
  const [providers, setProviders] = useState<OAuthProviderId[]>([]);
  const [waiting, setWaiting] = useState<{ signInId: string; provider: OAuthProviderId } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void api.invoke('accounts.oauthProviders', {}).then((result) => {
      if (current && result.ok) setProviders(result.value);
    });
    return () => {
      current = false;
    };
  }, [api]);

  if (providers.length === 0) return null;

  const signIn = async (provider: OAuthProviderId): Promise<void> => {
    setError(null);
    const email = accountDraftSchema.shape.email.safeParse(values.email.trim());
    if (!email.success) {
      setError('Enter your email address first.');
      return;
    }
    const started = await startBrowserSignIn(api, provider, email.data);
    if (!started.ok) {
      setError(started.error.message);
      return;
    }
    setWaiting({ signInId: started.value, provider });
    const imap = oauthProviderImap[provider];
    const ownServer = values.host.trim() !== '';
    const result = await api.invoke('accounts.addWithOAuth', {
      signInId: started.value,
      displayName: values.displayName.trim() === '' ? email.data : values.displayName.trim(),
      email: email.data,
      host: ownServer ? values.host.trim() : imap.host,
      port: ownServer ? Number(values.port) : imap.port,
      security: ownServer ? values.security : 'tls',
      username: values.username.trim() === '' ? email.data : values.username.trim(),
    });
    setWaiting(null);
    if (result.ok) onAdded(result.value);
    else if (result.error.code !== 'CANCELLED') setError(result.error.message);
  };

  return (
    <div className="oauth-sign-in">
      {providers.map((provider) => (
        <button key={provider} type="button" disabled={waiting !== null} onClick={() => void signIn(provider)}>
          Sign in with {oauthProviderImap[provider].label}
        </button>
      ))}
      {waiting !== null && (
        <p className="hint" role="status">
          Finish signing in to {oauthProviderImap[waiting.provider].label} in your browser.{' '}
          <button
            type="button"
            onClick={() => {
              void api.invoke('accounts.cancelOAuthSignIn', { signInId: waiting.signInId });
            }}
          >
            Cancel
          </button>
        </p>
      )}
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
