import { domainToASCII } from 'node:url';
import { AppFailure } from '../../../shared/ipc/result';

/** An address split for discovery: the domain in lower-case ASCII (punycode), ready for DNS and URLs. */
export interface EmailAddress {
  address: string;
  localPart: string;
  domain: string;
}

const hostLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** domainToASCII parses its input as a URL host and would drop a path or a port; refuse those first. */
const urlSyntax = /[\s/\\?#:@[\]%]/u;

/**
 * The domain ends up in host names Kestrel connects to, so only a real DNS name passes: no IP literals,
 * no single labels like "localhost", no characters a URL would read as something else.
 */
export function parseEmailAddress(email: string): EmailAddress {
  const address = email.trim();
  const at = address.lastIndexOf('@');
  const localPart = address.slice(0, at);
  const written = address.slice(at + 1).toLowerCase();
  const domain = urlSyntax.test(written) ? '' : domainToASCII(written);
  const labels = domain.split('.');
  if (
    at < 1 ||
    domain.length === 0 ||
    domain.length > 253 ||
    labels.length < 2 ||
    !labels.every((label) => hostLabel.test(label)) ||
    /^\d+$/.test(labels.at(-1) ?? '')
  ) {
    throw new AppFailure({ code: 'BAD_INPUT', field: 'email', message: 'Enter a valid email address, like ada@example.com, to find its settings.' });
  }
  return { address, localPart, domain };
}
