import type { Address } from '../domain/message';
import { parseAddressList, withoutInvisibles } from './address-list';

/** What a `mailto:` link fills in: the fields of a new message, none of them sent anywhere yet. */
export interface ComposeFields {
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  text: string;
}

export const emptyComposeFields: ComposeFields = { to: [], cc: [], bcc: [], subject: '', text: '' };

export type MailtoResult = { ok: true; fields: ComposeFields } | { ok: false; hint: string };

/** The longest link taken: a body beyond this belongs in an attachment, not in a URL. */
export const MAX_MAILTO_LENGTH = 256 * 1024;

const BROKEN_ESCAPE = 'This email link is not written correctly (a broken %-escape).';

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/**
 * A `mailto:` URL (RFC 6068) as the fields of a new message. Only To, Cc, Bcc, Subject and the body are
 * taken: other header fields in a link (From, Reply-To, In-Reply-To...) would let a web page write
 * parts of the user's mail they cannot see (RFC 6068 section 7), and are ignored. "+" is a plus here,
 * not a space.
 */
export function parseMailto(url: string): MailtoResult {
  if (url.length > MAX_MAILTO_LENGTH) return { ok: false, hint: 'This email link is too long to open.' };
  if (!/^mailto:/i.test(url)) return { ok: false, hint: 'This is not an email link.' };
  // A fragment is the page's, not part of the message (RFC 3986): "mailto:ada@example.com#x" is Ada.
  const rest = url.slice('mailto:'.length).replace(/#.*$/s, '');
  const question = rest.indexOf('?');
  const [toPart, query] = question === -1 ? [rest, ''] : [rest.slice(0, question), rest.slice(question + 1)];
  const recipients: Record<'to' | 'cc' | 'bcc', Address[]> = { to: [], cc: [], bcc: [] };
  const fields: ComposeFields = { ...emptyComposeFields, ...recipients };

  const addTo = (kind: 'to' | 'cc' | 'bcc', encoded: string): string | null => {
    const text = decode(encoded);
    if (text === null) return BROKEN_ESCAPE;
    const parsed = parseAddressList(text);
    if (!parsed.ok) return parsed.hint;
    fields[kind].push(...parsed.addresses);
    return null;
  };

  const problem = toPart === '' ? null : addTo('to', toPart);
  if (problem !== null) return { ok: false, hint: problem };
  for (const field of query === '' ? [] : query.split('&')) {
    const equals = field.indexOf('=');
    const name = (decode(equals === -1 ? field : field.slice(0, equals)) ?? '').toLowerCase();
    const value = equals === -1 ? '' : field.slice(equals + 1);
    if (name === 'to' || name === 'cc' || name === 'bcc') {
      const hint = addTo(name, value);
      if (hint !== null) return { ok: false, hint };
      continue;
    }
    if (name !== 'subject' && name !== 'body') continue;
    const text = decode(value);
    if (text === null) return { ok: false, hint: BROKEN_ESCAPE };
    // A subject is one line, without controls; a body's line breaks are the text's own.
    if (name === 'subject') fields.subject = withoutInvisibles(text.replace(/[\r\n]+/g, ' '));
    else fields.text = text.replace(/\r\n?/g, '\n');
  }
  return { ok: true, fields };
}
