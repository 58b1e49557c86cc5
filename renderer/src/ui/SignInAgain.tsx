import { useState } from 'react';
import { oauthProviderImap, type AccountSummary } from '../../../shared/domain/account';
import type { KestrelApi } from '../../../shared/ipc/contract';
import { startBrowserSignIn } from './browser-sign-in';

interface Props {
  api: KestrelApi;
  account: AccountSummary;
}

/** The provider no longer accepts the account's sign-in: a new one in the browser, and sync resumes. */
export function SignInAgain({ api, account }: Props) {
  const [waiting, setWaiting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (account.auth?.kind !== 'oauth2') return null;
  const provider = account.auth.provider;

  const signIn = async (): Promise<void> => {
    setError(null);
    const started = await startBrowserSignIn(api, provider, account.email);
    if (!started.ok) {
      setError(started.error.message);
      return;
    }
    setWaiting(started.value);
    const result = await api.invoke('accounts.renewOAuthSignIn', { accountId: account.id, signInId: started.value });
    setWaiting(null);
    if (!result.ok && result.error.code !== 'CANCELLED') setError(result.error.message);
  };

  return (
    <>
      {waiting === null ? (
        <button type="button" onClick={() => void signIn()}>
          Sign in to {oauthProviderImap[provider].label} again
        </button>
      ) : (
        <button type="button" onClick={() => void api.invoke('accounts.cancelOAuthSignIn', { signInId: waiting })}>
          Cancel sign-in
        </button>
      )}
      {error !== null && <span className="field-error">{error}</span>}
    </>
  );
}
