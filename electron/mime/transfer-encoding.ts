import { decode as decodeQuotedPrintable } from 'libqp';

/**
 * Undoes a Content-Transfer-Encoding. Anything that is not base64 or quoted-printable (7bit, 8bit,
 * binary, x-uuencode, a missing or made-up name) is returned as is: showing the raw text is the best
 * a reader can do, and never throwing keeps one broken part from breaking the whole message view.
 */
export function decodeTransferEncoding(raw: Buffer, encoding: string | null | undefined): Buffer {
  switch (normalizeEncodingName(encoding)) {
    case 'base64':
      return decodeBase64Lenient(raw);
    case 'quoted-printable':
      // libqp keeps invalid `=` sequences literally, accepts lowercase hex, removes `=\r\n` and `=\n`
      // soft breaks and the trailing whitespace RFC 2045 says an encoder may have added.
      return decodeQuotedPrintable(raw);
    default:
      return raw;
  }
}

function normalizeEncodingName(encoding: string | null | undefined): string {
  return typeof encoding === 'string' ? encoding.trim().toLowerCase() : '';
}

/**
 * The encoded data ends at the first blank line after it: base64 has none inside, and what a mailing
 * list or a scanner appends after one (a footer, "Sent via...") is text, not more data.
 */
function base64Data(text: string): string {
  const start = text.search(/\S/);
  if (start === -1) return text;
  const blank = /\n[ \t]*\r?\n/g;
  blank.lastIndex = start;
  const found = blank.exec(text);
  return found === null ? text : text.slice(0, found.index);
}

/**
 * Node's base64 decoder stops at the first `=`, but some mailers concatenate separately encoded
 * chunks, each with its own padding, so padding is treated as a chunk separator. Characters outside
 * the alphabet (line breaks, stray garbage) are dropped, and a chunk missing its padding decodes as
 * far as it goes.
 */
function decodeBase64Lenient(raw: Buffer): Buffer {
  const cleaned = base64Data(raw.toString('latin1')).replace(/[^A-Za-z0-9+/=]+/g, '');
  const chunks = cleaned.split(/=+/).filter((chunk) => chunk.length > 0);
  if (chunks.length === 1 && chunks[0] !== undefined) {
    return Buffer.from(chunks[0], 'base64');
  }
  return Buffer.concat(chunks.map((chunk) => Buffer.from(chunk, 'base64')));
}
