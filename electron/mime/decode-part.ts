import type { MessageBody } from '../../shared/domain/message';
import { decodeCharset, resolveCharset } from './charset';
import type { DisplayPart } from './display-part';
import { unflow } from './format-flowed';
import { decodeTransferEncoding } from './transfer-encoding';

/** The engine fetches at most this many raw (still transfer-encoded) bytes of a display part. */
export const MAX_DISPLAY_PART_BYTES = 4 * 1024 * 1024;

/** The most characters of body text handed to the renderer. */
export const DEFAULT_MAX_DISPLAY_CHARS = 1_000_000;

export interface DecodeDisplayPartOptions {
  /** Cap on the decoded text, in UTF-16 code units; DEFAULT_MAX_DISPLAY_CHARS when missing. */
  maxChars?: number | undefined;
  /** The raw bytes are only the beginning of the part (the fetch was cut at MAX_DISPLAY_PART_BYTES). */
  cut?: boolean | undefined;
}

/**
 * Turns the fetched bytes of a display part into the text the renderer shows: transfer decoding,
 * charset decoding, `\n` line endings, and a length cap. Never throws.
 */
export function decodeDisplayPart(raw: Buffer, part: DisplayPart, options: DecodeDisplayPartOptions = {}): MessageBody {
  // The cap is enforced here too so that an oversized buffer cannot make the decoders (the Japanese
  // one holds the whole input several times over) allocate beyond what the engine budgets for.
  const oversized = raw.length > MAX_DISPLAY_PART_BYTES;
  const cut = options.cut === true || oversized;
  const limited = oversized ? raw.subarray(0, MAX_DISPLAY_PART_BYTES) : raw;
  const input = cut ? dropPartialQuotedPrintableEscape(limited, part.encoding) : limited;

  const bytes = decodeTransferEncoding(input, part.encoding);
  const html = part.type === 'text/html';
  // Dovecot and others report `us-ascii` for a text part that names no charset, so a label that says
  // nothing reliable does not hide the document's own <meta> declaration.
  const charset = html && resolveCharset(part.charset).kind === 'sniff' ? (sniffHtmlCharset(bytes) ?? part.charset) : part.charset;
  let text = normalizeLineEndings(decodeCharset(bytes, charset, { cut }));
  if (part.flowed !== undefined) text = unflow(text, part.flowed.delsp);
  if (cut) {
    text = dropPartialTrailingCharacter(text);
  }
  const maxChars = normalizeMaxChars(options.maxChars);
  const capped = text.length > maxChars;
  return {
    kind: html ? 'html' : 'plain',
    text: capped ? truncateAt(text, maxChars) : text,
    truncated: cut || capped,
  };
}

function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function normalizeMaxChars(maxChars: number | undefined): number {
  if (typeof maxChars !== 'number' || Number.isNaN(maxChars)) {
    return DEFAULT_MAX_DISPLAY_CHARS;
  }
  return Math.max(0, Math.floor(maxChars));
}

/** Cuts at a code point boundary: half a surrogate pair would render as a replacement glyph. */
export function truncateAt(text: string, maxChars: number): string {
  const last = text.charCodeAt(maxChars - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, splitsPair ? maxChars - 1 : maxChars);
}

/**
 * Bytes cut mid-character decode to a trailing replacement character that was not in the message, or
 * (UTF-16 cut between the halves of a pair) to a lone high surrogate.
 */
function dropPartialTrailingCharacter(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return text.endsWith('\uFFFD') || (last >= 0xd800 && last <= 0xdbff) ? text.slice(0, -1) : text;
}

/** A quoted-printable escape or soft break cut after `=`, `=X` or `=\r` would otherwise show up literally. */
function dropPartialQuotedPrintableEscape(raw: Buffer, encoding: string | null): Buffer {
  if (encoding?.trim().toLowerCase() !== 'quoted-printable') {
    return raw;
  }
  const tail = raw.subarray(-2).toString('latin1');
  if (tail.endsWith('=')) {
    return raw.subarray(0, -1);
  }
  return /^=[0-9A-Fa-f\r]$/.test(tail) ? raw.subarray(0, -2) : raw;
}

/**
 * An HTML part without a MIME charset may still declare one the way a web page does; mailers that
 * forget the MIME parameter usually write the document's own `<meta>`. Only the first 1024 bytes are
 * looked at, as in a browser's prescan.
 */
function sniffHtmlCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const match = /<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return match?.[1] ?? null;
}
