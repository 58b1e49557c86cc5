import type { Address } from '../domain/message';

/** An address mail can be sent to: ASCII, something before one @, a domain, no spaces or brackets. */
const ADDR_SPEC = /^[!#-'*+\-/-9=?A-Z^-~.]+@[A-Za-z0-9.-]+$/;

export function isAddressSpec(text: string): boolean {
  return ADDR_SPEC.test(text) && !text.startsWith('.') && !text.endsWith('.') && !text.includes('..');
}

/**
 * Characters that have no place in a name or a subject: controls, and the bidirectional overrides that
 * make "moc.knab@" read as "bank.com@" on screen.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function withoutInvisibles(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * The WHATWG URL parser, which every runtime of this code has (Node and Chromium): shared/ compiles
 * without the libraries that declare it.
 */
declare const URL: new (input: string) => { hostname: string };

/** A domain written in any script, as mail carries it (IDNA): "exämple.com" is "xn--exmple-cua.com". */
function asciiDomain(domain: string): string | null {
  // eslint-disable-next-line no-control-regex -- the test is for anything outside ASCII
  if (!/[^\x00-\x7f]/.test(domain)) return domain;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

/** The address as mail carries it, or null: an internationalized domain is converted, a local part must be ASCII. */
function addressSpecOf(text: string): string | null {
  const at = text.lastIndexOf('@');
  if (at <= 0) return null;
  const domain = asciiDomain(text.slice(at + 1));
  if (domain === null) return null;
  const address = `${text.slice(0, at)}@${domain}`;
  return isAddressSpec(address) ? address : null;
}

/** The entries of a typed list, split at commas and semicolons outside quotes and angle brackets. */
function entriesOf(text: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let escaped = false;
  let angled = false;
  for (const char of text) {
    if (escaped) escaped = false;
    else if (char === '\\' && quoted) escaped = true;
    else if (char === '"' && !angled) quoted = !quoted;
    else if (char === '<' && !quoted) angled = true;
    else if (char === '>' && !quoted) angled = false;
    else if ((char === ',' || char === ';') && !quoted && !angled) {
      entries.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** A display name as typed: a quoted one loses its quotes and escapes, an unquoted one stays as it is. */
function nameOf(text: string): string {
  const trimmed = withoutInvisibles(text).trim();
  const quoted = /^"(.*)"$/s.exec(trimmed);
  return quoted === null ? trimmed : (quoted[1] ?? '').replace(/\\(.)/g, '$1');
}

function addressOf(entry: string): Address | null {
  const angled = /^(.*)<([^<>]*)>$/s.exec(entry);
  if (angled === null) {
    const address = addressSpecOf(entry);
    return address === null ? null : { name: '', address };
  }
  const address = addressSpecOf((angled[2] ?? '').trim());
  return address === null ? null : { name: nameOf(angled[1] ?? ''), address };
}

export type AddressListResult = { ok: true; addresses: Address[] } | { ok: false; hint: string };

/**
 * Addresses as people type them: `Ada Lovelace <ada@example.com>, "Doe, Jane" <jane@example.org>;
 * bob@example.net`. An entry that is not an address is named in the hint, so nothing is dropped silently.
 */
export function parseAddressList(text: string): AddressListResult {
  const addresses: Address[] = [];
  for (const entry of entriesOf(text)) {
    const address = addressOf(entry);
    if (address === null) return { ok: false, hint: `“${withoutInvisibles(entry)}” is not an email address.` };
    addresses.push(address);
  }
  return { ok: true, addresses };
}

/** An address list as a person would type it back: names quoted where they hold a comma, quote or bracket. */
export function formatAddressList(addresses: readonly Address[]): string {
  return addresses
    .map(({ name, address }) => {
      if (name === '') return address;
      const shown = /[",;<>@\\]/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
      return `${shown} <${address}>`;
    })
    .join(', ');
}
