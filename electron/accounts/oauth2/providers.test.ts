import { describe, expect, it } from 'vitest';
import { oauthProvidersFromEnvironment } from './providers';

describe('OAuth2 providers from the environment', () => {
  it('offers only providers with a client id, with the scopes IMAP needs', () => {
    expect(oauthProvidersFromEnvironment({})).toEqual({});
    const providers = oauthProvidersFromEnvironment({ KESTREL_OAUTH_GOOGLE_CLIENT_ID: 'g-id', KESTREL_OAUTH_GOOGLE_CLIENT_SECRET: 'g-secret' });
    expect(Object.keys(providers)).toEqual(['google']);
    expect(providers.google).toMatchObject({
      clientId: 'g-id',
      clientSecret: 'g-secret',
      scope: 'https://mail.google.com/',
      authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenEndpoint: 'https://oauth2.googleapis.com/token',
      imapHost: 'imap.gmail.com',
    });
    const microsoft = oauthProvidersFromEnvironment({ KESTREL_OAUTH_MICROSOFT_CLIENT_ID: 'm-id' }).microsoft;
    expect(microsoft?.scope).toBe('https://outlook.office.com/IMAP.AccessScope offline_access');
    expect(microsoft?.clientSecret).toBeUndefined();
  });

  it('takes other endpoints from the environment', () => {
    const google = oauthProvidersFromEnvironment({
      KESTREL_OAUTH_GOOGLE_CLIENT_ID: 'g-id',
      KESTREL_OAUTH_GOOGLE_AUTHORIZATION_URL: 'https://localhost:1/authorize',
      KESTREL_OAUTH_GOOGLE_TOKEN_URL: 'https://localhost:1/token',
      KESTREL_OAUTH_GOOGLE_IMAP_HOST: '127.0.0.1',
    }).google;
    expect(google).toMatchObject({
      authorizationEndpoint: 'https://localhost:1/authorize',
      tokenEndpoint: 'https://localhost:1/token',
      imapHost: '127.0.0.1',
    });
  });
});
