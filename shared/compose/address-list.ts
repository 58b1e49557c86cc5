import type { Address } from '../domain/message';

/** An address people can send to: something before one @, a domain with a dot or a name, no spaces or brackets. */
const ADDR_SPEC = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+$/;

export function isAddressSpec(text: string): boolean {
  return ADDR_SPEC.test(text) && !text.startsWith('.') && !text.endsWith('.');
}

/** The entries of a typed list, split at commas and semicolons outside quotes and angle brackets. */
function entriesOf(text: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const char of text) {
    if (char === '"' && !angled) quoted = !quoted;
    else if (char === '<' && !quoted) angled = true;
    else if (char === '>' && !quoted) angled = false;
    if ((char === ',' || char === ';') && !quoted && !angled) {
      entries.push(current);
      current = '';
    } else current += char;
  }
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function addressOf(entry: string): Address | null {
  const angled = /^(.*)<([^<>]*)>$/s.exec(entry);
  if (angled === null) return isAddressSpec(entry) ? { name: '', address: entry } : null;
  const address = (angled[2] ?? '').trim();
  if (!isAddressSpec(address)) return null;
  const name = (angled[1] ?? '')
    .trim()
    .replace(/^"(.*)"$/s, '$1')
    .replace(/\\(.)/g, '$1');
  return { name, address };
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
    if (address === null) return { ok: false, hint: `“${entry}” is not an email address.` };
    addresses.push(address);
  }
  return { ok: true, addresses };
}

/** An address list as a person would type it back: names quoted where they hold a comma or quote. */
export function formatAddressList(addresses: readonly Address[]): string {
  return addresses
    .map(({ name, address }) => {
      if (name === '') return address;
      const shown = /[",;<>@]/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
      return `${shown} <${address}>`;
    })
    .join(', ');
}
