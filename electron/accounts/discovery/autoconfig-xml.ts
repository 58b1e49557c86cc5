import { accountDraftSchema } from '../../../shared/domain/account';
import type { DiscoveredSecurity } from '../../../shared/domain/discovery';
import type { EmailAddress } from './email-address';
import { childrenNamed, childText, parseXmlTree, type XmlElement } from './xml-tree';

/** IMAP settings found on the network, before the caller says where they came from. */
export interface ImapServer {
  host: string;
  port: number;
  security: DiscoveredSecurity;
  username: string;
}

export type AutoconfigParse = { ok: true; server: ImapServer } | { ok: false; problem: string };

/** A real file is a couple of KB; anything past this is not an autoconfig file. */
export const AUTOCONFIG_MAX_BYTES = 64 * 1024;

const securityBySocketType: Readonly<Partial<Record<string, DiscoveredSecurity>>> = { SSL: 'tls', STARTTLS: 'starttls' };
const defaultPort: Record<DiscoveredSecurity, number> = { tls: 993, starttls: 143 };
/** Methods that work with the password the user typed; OAuth2, GSSAPI, NTLM or client certificates do not. */
const passwordMethods = new Set(['password-cleartext', 'password-encrypted', 'plain', 'secure']);

function fillPlaceholders(template: string, email: EmailAddress): string {
  return template
    .replaceAll('%EMAILADDRESS%', email.address)
    .replaceAll('%EMAILLOCALPART%', email.localPart)
    .replaceAll('%EMAILDOMAIN%', email.domain);
}

function readServer(entry: XmlElement, email: EmailAddress): AutoconfigParse {
  const socketType = childText(entry, 'socketType') ?? '';
  const security = securityBySocketType[socketType];
  if (security === undefined) return { ok: false, problem: `socketType ${socketType || '(none)'} is not encrypted or not known` };
  const methods = childrenNamed(entry, 'authentication').map((method) => method.text.trim());
  if (methods.length > 0 && !methods.some((method) => passwordMethods.has(method)))
    return { ok: false, problem: `no password sign-in (${methods.join(', ')})` };
  const host = accountDraftSchema.shape.host.safeParse(fillPlaceholders(childText(entry, 'hostname') ?? '', email));
  if (!host.success) return { ok: false, problem: 'hostname is missing or not a host name' };
  const portText = childText(entry, 'port');
  const port = portText === undefined ? defaultPort[security] : Number(portText);
  if (!accountDraftSchema.shape.port.safeParse(port).success) return { ok: false, problem: `port ${portText ?? ''} is not a port` };
  const username = fillPlaceholders(childText(entry, 'username') ?? '%EMAILADDRESS%', email);
  // A placeholder Kestrel cannot fill (%REALNAME%, or one from a newer format) would make a wrong login.
  const usable = username.length > 0 && username.length <= 320 && !/%[A-Z]+%/.test(username);
  return { ok: true, server: { host: host.data.toLowerCase(), port, security, username: usable ? username : email.address } };
}

/**
 * Reads Thunderbird's config-v1.1.xml format: the first IMAP incomingServer the file lists that is
 * encrypted (SSL or STARTTLS; plain text is never taken) and signs in with a password.
 */
export function parseAutoconfig(xml: string, email: EmailAddress): AutoconfigParse {
  if (Buffer.byteLength(xml, 'utf8') > AUTOCONFIG_MAX_BYTES) return { ok: false, problem: 'file too large' };
  let document: XmlElement;
  try {
    document = parseXmlTree(xml);
  } catch (error) {
    return { ok: false, problem: `malformed XML: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}` };
  }
  if (document.name !== 'clientConfig') return { ok: false, problem: 'not a clientConfig file' };
  const problems: string[] = [];
  for (const provider of childrenNamed(document, 'emailProvider')) {
    for (const entry of childrenNamed(provider, 'incomingServer')) {
      if (entry.attributes.type !== 'imap') continue;
      const read = readServer(entry, email);
      if (read.ok) return read;
      problems.push(read.problem);
    }
  }
  return { ok: false, problem: problems.length === 0 ? 'no IMAP server listed' : `no usable IMAP server: ${problems.join('; ')}` };
}
