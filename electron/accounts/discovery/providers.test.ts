import { describe, expect, it } from 'vitest';
import { accountDraftSchema } from '../../../shared/domain/account';
import { AppFailure } from '../../../shared/ipc/result';
import { parseEmailAddress } from './email-address';
import { knownProviderFor, knownProviders, usernameFor } from './providers';

describe('the provider table', () => {
  it.each([
    ['ada@gmail.com', 'Gmail', 'imap.gmail.com', 'ada@gmail.com'],
    ['ada@googlemail.com', 'Gmail', 'imap.gmail.com', 'ada@googlemail.com'],
    ['ada@hotmail.com', 'Outlook', 'outlook.office365.com', 'ada@hotmail.com'],
    ['ada@live.com', 'Outlook', 'outlook.office365.com', 'ada@live.com'],
    ['ada@outlook.com', 'Outlook', 'outlook.office365.com', 'ada@outlook.com'],
    ['ada@yahoo.com', 'Yahoo', 'imap.mail.yahoo.com', 'ada@yahoo.com'],
    ['ada@icloud.com', 'iCloud', 'imap.mail.me.com', 'ada'],
    ['ada@me.com', 'iCloud', 'imap.mail.me.com', 'ada'],
    ['ada@mac.com', 'iCloud', 'imap.mail.me.com', 'ada'],
    ['ada@fastmail.com', 'Fastmail', 'imap.fastmail.com', 'ada@fastmail.com'],
    ['ada@gmx.de', 'GMX', 'imap.gmx.net', 'ada@gmx.de'],
    ['ada@gmx.com', 'GMX', 'imap.gmx.com', 'ada@gmx.com'],
    ['ada@zoho.com', 'Zoho Mail', 'imap.zoho.com', 'ada@zoho.com'],
    ['Ada@GMail.COM', 'Gmail', 'imap.gmail.com', 'Ada@GMail.COM'],
  ])('%s is %s at %s, user %s', (address, name, host, username) => {
    const email = parseEmailAddress(address);
    const provider = knownProviderFor(email);
    expect(provider).toMatchObject({ name, host, port: 993, security: 'tls' });
    expect(provider && usernameFor(provider.username, email)).toBe(username);
  });

  it('knows nothing of other domains', () => {
    expect(knownProviderFor(parseEmailAddress('ada@example.com'))).toBeUndefined();
    expect(knownProviderFor(parseEmailAddress('ada@mail.gmail.com.evil.example'))).toBeUndefined();
  });

  it('lists each domain once, in lower case, with hosts the account form accepts', () => {
    const domains = knownProviders.flatMap((provider) => provider.domains);
    expect(new Set(domains).size).toBe(domains.length);
    for (const provider of knownProviders) {
      expect(accountDraftSchema.shape.host.safeParse(provider.host).success).toBe(true);
      for (const domain of provider.domains) expect(domain).toBe(domain.toLowerCase());
    }
  });
});

describe('parseEmailAddress', () => {
  it('splits at the last @ and writes the domain as lower-case ASCII', () => {
    expect(parseEmailAddress(' ada@Example.COM ')).toEqual({ address: 'ada@Example.COM', localPart: 'ada', domain: 'example.com' });
    expect(parseEmailAddress('ada@bücher.example').domain).toBe('xn--bcher-kva.example');
  });

  it.each([
    'ada',
    '@example.com',
    'ada@localhost',
    'ada@127.0.0.1',
    'ada@[127.0.0.1]',
    'ada@exa_mple.com',
    'ada@-x.example',
    'ada@example.com/x',
    'ada@ex%41.com',
    'ada@ex\\a.com',
    'ada@example.com:993',
  ])('refuses %s', (address) => {
    expect(() => parseEmailAddress(address)).toThrow(AppFailure);
  });
});
