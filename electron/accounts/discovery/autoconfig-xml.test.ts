import { describe, expect, it } from 'vitest';
import { AUTOCONFIG_MAX_BYTES, parseAutoconfig } from './autoconfig-xml';
import { parseEmailAddress } from './email-address';

const ada = parseEmailAddress('ada@example.com');

function server(
  socketType: string,
  { hostname = 'imap.example.com', port = '993', username = '%EMAILADDRESS%', type = 'imap', auth = ['password-cleartext'] } = {},
): string {
  return `<incomingServer type="${type}">
      <hostname>${hostname}</hostname>
      <port>${port}</port>
      <socketType>${socketType}</socketType>
      <username>${username}</username>
      ${auth.map((method) => `<authentication>${method}</authentication>`).join('\n')}
    </incomingServer>`;
}

function file(...servers: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.com">
    <domain>example.com</domain>
    <displayName>Example Mail</displayName>
    ${servers.join('\n')}
    <outgoingServer type="smtp"><hostname>smtp.example.com</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>
  </emailProvider>
</clientConfig>`;
}

describe('parseAutoconfig', () => {
  it('takes the first IMAP server, past POP3, with implicit TLS', () => {
    const parsed = parseAutoconfig(file(server('SSL', { type: 'pop3', hostname: 'pop.example.com', port: '995' }), server('SSL')), ada);
    expect(parsed).toEqual({ ok: true, server: { host: 'imap.example.com', port: 993, security: 'tls', username: 'ada@example.com' } });
  });

  it('reads STARTTLS, and fills %EMAILLOCALPART% and %EMAILDOMAIN%', () => {
    const parsed = parseAutoconfig(file(server('STARTTLS', { hostname: 'imap.%EMAILDOMAIN%', port: '143', username: '%EMAILLOCALPART%' })), ada);
    expect(parsed).toEqual({ ok: true, server: { host: 'imap.example.com', port: 143, security: 'starttls', username: 'ada' } });
  });

  it('never takes plain text, and takes an encrypted server listed after it', () => {
    expect(parseAutoconfig(file(server('plain', { port: '143' })), ada)).toEqual({
      ok: false,
      problem: expect.stringContaining('socketType plain') as unknown,
    });
    const parsed = parseAutoconfig(file(server('plain', { hostname: 'plain.example.com', port: '143' }), server('SSL')), ada);
    expect(parsed.ok && parsed.server.host).toBe('imap.example.com');
  });

  it('skips a server that signs in only with OAuth2, and keeps one that offers a password too', () => {
    expect(parseAutoconfig(file(server('SSL', { auth: ['OAuth2'] })), ada).ok).toBe(false);
    expect(parseAutoconfig(file(server('SSL', { auth: ['OAuth2', 'password-cleartext'] })), ada).ok).toBe(true);
  });

  it('uses the usual port when the file names none, and refuses a port out of range', () => {
    const withoutPort = file(server('SSL')).replace('<port>993</port>', '');
    expect(parseAutoconfig(withoutPort, ada)).toMatchObject({ ok: true, server: { port: 993 } });
    expect(parseAutoconfig(file(server('SSL', { port: '99999' })), ada).ok).toBe(false);
  });

  it('refuses a host name that is not one, even after placeholders', () => {
    expect(parseAutoconfig(file(server('SSL', { hostname: 'evil.example/path?x=' })), ada).ok).toBe(false);
    expect(parseAutoconfig(file(server('SSL', { hostname: '%EMAILADDRESS%' })), ada).ok).toBe(false);
  });

  it('falls back to the address for a user name with a placeholder it cannot fill', () => {
    expect(parseAutoconfig(file(server('SSL', { username: '%REALNAME%' })), ada)).toMatchObject({
      ok: true,
      server: { username: 'ada@example.com' },
    });
  });

  it('decodes XML escapes in values', () => {
    const ampersand = parseEmailAddress('a&b@example.com');
    expect(parseAutoconfig(file(server('SSL', { username: '%EMAILLOCALPART%&amp;x' })), ampersand)).toMatchObject({
      ok: true,
      server: { username: 'a&b&x' },
    });
  });

  it.each([
    ['an unclosed element', file(server('SSL')).replace('</clientConfig>', '')],
    ['mismatched tags', '<clientConfig><emailProvider></clientConfig></emailProvider>'],
    ['text after the root', `${file(server('SSL'))}<extra/>`],
    ['an undefined entity', file(server('SSL', { username: '&bogus;' }))],
    ['an HTML page', '<html><body>Not here</body>'],
    ['nothing', ''],
  ])('refuses malformed XML: %s', (_name, xml) => {
    expect(parseAutoconfig(xml, ada)).toEqual({ ok: false, problem: expect.stringMatching(/malformed XML/) as unknown });
  });

  it('refuses a DOCTYPE, so an entity bomb never expands', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${file(server('SSL', { username: '&lol2;' }))}`;
    expect(parseAutoconfig(bomb, ada)).toEqual({ ok: false, problem: expect.stringContaining('DOCTYPE') as unknown });
  });

  it('refuses a well-formed file of another kind, and one without IMAP', () => {
    expect(parseAutoconfig('<Autodiscover><Response/></Autodiscover>', ada)).toEqual({ ok: false, problem: 'not a clientConfig file' });
    expect(parseAutoconfig(file(server('SSL', { type: 'pop3' })), ada)).toEqual({ ok: false, problem: 'no IMAP server listed' });
  });

  it('refuses a file larger than the limit without parsing it', () => {
    const padding = `<!-- ${'x'.repeat(AUTOCONFIG_MAX_BYTES)} -->`;
    expect(parseAutoconfig(file(server('SSL')).replace('<domain>', `${padding}<domain>`), ada)).toEqual({ ok: false, problem: 'file too large' });
  });
});
