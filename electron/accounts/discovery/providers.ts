import type { DiscoveredSecurity } from '../../../shared/domain/discovery';
import type { EmailAddress } from './email-address';

/** How the provider spells the IMAP user name. */
export type UsernameForm = 'address' | 'localPart';

export interface KnownProvider {
  name: string;
  domains: readonly string[];
  host: string;
  port: number;
  security: DiscoveredSecurity;
  username: UsernameForm;
  /** What the user must know before the password works; shown with the settings. */
  hint?: string;
}

const appPassword = (name: string): string =>
  `${name} accepts an app password here, not your usual one: create it in your ${name} account's security settings.`;

/**
 * The big providers, checked before anything goes on the network. Values from each provider's own
 * IMAP help pages (and Thunderbird's ISPDB, which agrees); all of them offer implicit TLS on 993.
 */
export const knownProviders: readonly KnownProvider[] = [
  {
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    host: 'imap.gmail.com',
    port: 993,
    security: 'tls',
    username: 'address',
    hint: "Sign in with Google where this build offers it; otherwise Google accepts an app password here, not your usual one: create it in your Google account's security settings.",
  },
  {
    name: 'Outlook',
    domains: [
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
      'hotmail.co.uk',
      'hotmail.fr',
      'hotmail.de',
      'hotmail.it',
      'live.co.uk',
      'live.fr',
      'live.de',
      'outlook.de',
      'outlook.fr',
    ],
    host: 'outlook.office365.com',
    port: 993,
    security: 'tls',
    username: 'address',
    hint: 'Microsoft accepts only its own sign-in for IMAP: use Sign in with Microsoft (it needs a build with a Microsoft client id).',
  },
  {
    name: 'Yahoo',
    domains: [
      'yahoo.com',
      'ymail.com',
      'rocketmail.com',
      'yahoo.co.uk',
      'yahoo.de',
      'yahoo.fr',
      'yahoo.it',
      'yahoo.es',
      'yahoo.ca',
      'yahoo.com.au',
      'yahoo.co.jp',
    ],
    host: 'imap.mail.yahoo.com',
    port: 993,
    security: 'tls',
    username: 'address',
    hint: appPassword('Yahoo'),
  },
  // Apple documents the user name as the part before the @.
  {
    name: 'iCloud',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    host: 'imap.mail.me.com',
    port: 993,
    security: 'tls',
    username: 'localPart',
    hint: appPassword('Apple'),
  },
  {
    name: 'Fastmail',
    domains: [
      'fastmail.com',
      'fastmail.fm',
      'fastmail.net',
      'fastmail.org',
      'fastmail.to',
      'fastmail.us',
      'fastmail.cn',
      'messagingengine.com',
      'sent.com',
    ],
    host: 'imap.fastmail.com',
    port: 993,
    security: 'tls',
    username: 'address',
    hint: appPassword('Fastmail'),
  },
  { name: 'GMX', domains: ['gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch'], host: 'imap.gmx.net', port: 993, security: 'tls', username: 'address' },
  {
    name: 'GMX',
    domains: ['gmx.com', 'gmx.us', 'gmx.co.uk', 'gmx.fr', 'gmx.es'],
    host: 'imap.gmx.com',
    port: 993,
    security: 'tls',
    username: 'address',
  },
  { name: 'Zoho Mail', domains: ['zoho.com', 'zohomail.com'], host: 'imap.zoho.com', port: 993, security: 'tls', username: 'address' },
  { name: 'Zoho Mail', domains: ['zoho.eu', 'zohomail.eu'], host: 'imap.zoho.eu', port: 993, security: 'tls', username: 'address' },
  { name: 'Zoho Mail', domains: ['zoho.in', 'zohomail.in'], host: 'imap.zoho.in', port: 993, security: 'tls', username: 'address' },
];

const byDomain = new Map(knownProviders.flatMap((provider) => provider.domains.map((domain) => [domain, provider] as const)));

export function knownProviderFor(email: EmailAddress): KnownProvider | undefined {
  return byDomain.get(email.domain);
}

export function usernameFor(form: UsernameForm, email: EmailAddress): string {
  return form === 'address' ? email.address : email.localPart;
}
