import libmime from 'libmime';
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from 'libqp';
import type { Draft } from '../../shared/domain/draft';
import type { Address } from '../../shared/domain/message';
import { withoutInvisibles } from '../../shared/compose/address-list';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date-time, in UTC: the same draft gives the same bytes on every machine and every attempt. */
export function rfc5322Date(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${WEEKDAYS[date.getUTCDay()] ?? ''}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/**
 * Header text on one line, without controls: a line break in a value would start a header of its own
 * (header injection), and a NUL makes servers refuse the message.
 */
function headerLine(text: string): string {
  return withoutInvisibles(text.replace(/[\r\n]+/g, ' ')).trim();
}

/** Text outside ASCII as RFC 2047 encoded words; ASCII as it is. */
function headerText(text: string): string {
  const line = headerLine(text);
  return /[^\x20-\x7e]/.test(line) ? libmime.encodeWords(line, 'Q', 52) : line;
}

/**
 * A display name as a phrase: atoms as they are, anything else quoted, or outside ASCII encoded whole
 * (encoding only its non-ASCII words would leave the comma of "Dupont, Léa" bare, and make two addresses).
 */
function displayName(name: string): string {
  const line = headerLine(name);
  if (/[^\x20-\x7e]/.test(line)) return libmime.encodeWord(line, 'Q', 52);
  if (/^[\w !#$%&'*+\-/=?^`{|}~]*$/.test(line)) return line;
  return `"${line.replace(/(["\\])/g, '\\$1')}"`;
}

function mailbox({ name, address }: Address): string {
  const bare = headerLine(address);
  return name.trim() === '' ? bare : `${displayName(name)} <${bare}>`;
}

/**
 * The draft as an RFC 5322 message with CRLF line ends: a UTF-8 text part, quoted-printable so that
 * every line stays short and 7-bit whatever the text. Bcc is kept, as in any client's drafts: it is the
 * writer's own copy.
 */
export function draftMessage(draft: Draft): Buffer {
  const headers: Array<[string, string]> = [
    ['Date', rfc5322Date(draft.date)],
    ['From', mailbox(draft.from)],
  ];
  for (const [name, addresses] of [
    ['To', draft.to],
    ['Cc', draft.cc],
    ['Bcc', draft.bcc],
  ] as const)
    if (addresses.length > 0) headers.push([name, addresses.map(mailbox).join(', ')]);
  headers.push(
    ['Subject', headerText(draft.subject)],
    ['Message-ID', draft.messageId],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Content-Transfer-Encoding', 'quoted-printable'],
    ['User-Agent', 'Kestrel Mail'],
  );
  const head = headers.map(([name, value]) => libmime.foldLines(`${name}: ${value}`, 76).replace(/\r?\n/g, '\r\n')).join('\r\n');
  const text = draft.text.replace(/\r\n?|\n/g, '\r\n');
  const body = wrapQuotedPrintable(encodeQuotedPrintable(text), 76);
  const message = Buffer.from(`${head}\r\n\r\n${body}${body.endsWith('\r\n') ? '' : '\r\n'}`, 'utf8');
  // Everything above encodes to ASCII; a byte beyond it would be a bug here, and servers treat 8-bit
  // headers each their own way.
  if (message.some((byte) => byte > 0x7f)) throw new Error('A draft message must be 7-bit');
  return message;
}
