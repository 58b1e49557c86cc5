import { oauthProviderImap, type OAuthProviderId } from '../../../shared/domain/account';

/** Where and how to sign in with one OAuth2 provider. */
export interface OAuthProvider {
  id: OAuthProviderId;
  /** What the UI calls it ("Google"). */
  label: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  scope: string;
  clientId: string;
  /**
   * Google issues a "secret" even to installed apps and wants it at the token endpoint; in a desktop app
   * it is not secret (RFC 8252 section 8.5), PKCE is what protects the code.
   */
  clientSecret?: string;
  /** Extra authorization parameters the provider needs to hand out a refresh token. */
  authorizationParams?: Readonly<Record<string, string>>;
  /**
   * The one IMAP server its tokens may be sent to. A token grants the whole mailbox: sent to a server
   * named by discovery, a typo or an attacker's DNS, it would hand that mailbox over.
   */
  imapHost: string;
}

/** Providers that have a client id configured; the others cannot be signed in to. */
export type OAuthProviders = Partial<Record<OAuthProviderId, OAuthProvider>>;

type BuiltIn = Omit<OAuthProvider, 'clientId' | 'clientSecret'>;

const builtIn: Record<OAuthProviderId, BuiltIn> = {
  google: {
    id: 'google',
    label: 'Google',
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    // The only scope Gmail accepts for IMAP.
    scope: 'https://mail.google.com/',
    // Without offline access Google gives no refresh token; without consent, none on a second sign-in.
    authorizationParams: { access_type: 'offline', prompt: 'consent' },
    imapHost: oauthProviderImap.google.host,
  },
  microsoft: {
    id: 'microsoft',
    label: 'Microsoft',
    authorizationEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    // offline_access is what makes Microsoft hand out a refresh token.
    scope: 'https://outlook.office.com/IMAP.AccessScope offline_access',
    imapHost: oauthProviderImap.microsoft.host,
  },
};

type OptionalSetting = 'clientSecret' | 'authorizationEndpoint' | 'tokenEndpoint' | 'imapHost';
const optionalSettings: Record<string, OptionalSetting> = {
  CLIENT_SECRET: 'clientSecret',
  AUTHORIZATION_URL: 'authorizationEndpoint',
  TOKEN_URL: 'tokenEndpoint',
  IMAP_HOST: 'imapHost',
};

const envPrefix: Record<OAuthProviderId, string> = { google: 'KESTREL_OAUTH_GOOGLE', microsoft: 'KESTREL_OAUTH_MICROSOFT' };

/**
 * The built-in providers with the client ids this build was configured with. Kestrel has no client
 * registered with Google or Microsoft, so whoever builds or runs it registers one (a "desktop app" with a
 * loopback redirect) and sets `KESTREL_OAUTH_GOOGLE_CLIENT_ID` (and `_CLIENT_SECRET`) or
 * `KESTREL_OAUTH_MICROSOFT_CLIENT_ID`. A provider without a client id is left out. `..._AUTHORIZATION_URL`,
 * `..._TOKEN_URL` and `..._IMAP_HOST` replace the endpoints and the IMAP server (the end-to-end specs point
 * them at a local OAuth server and Dovecot).
 */
export function oauthProvidersFromEnvironment(env: NodeJS.ProcessEnv = process.env): OAuthProviders {
  const providers: OAuthProviders = {};
  for (const id of Object.keys(builtIn) as OAuthProviderId[]) {
    const clientId = env[`${envPrefix[id]}_CLIENT_ID`]?.trim() ?? '';
    if (clientId === '') continue;
    const extra: Partial<Pick<OAuthProvider, OptionalSetting>> = {};
    for (const [suffix, key] of Object.entries(optionalSettings)) {
      const value = env[`${envPrefix[id]}_${suffix}`]?.trim() ?? '';
      if (value !== '') extra[key] = value;
    }
    providers[id] = { ...builtIn[id], clientId, ...extra };
  }
  return providers;
}

/** A built-in provider with other endpoints and client: tests point it at a local OAuth server. */
export function providerWith(id: OAuthProviderId, settings: Partial<OAuthProvider> & Pick<OAuthProvider, 'clientId'>): OAuthProvider {
  return { ...builtIn[id], ...settings, id };
}
