import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { mulberry32 } from './seeded-random';

export interface Mailbox {
  name: string;
  address: string;
}

export interface AttachmentSpec {
  filename: string;
  contentType: string;
  content: Buffer;
}

export type TransferEncoding = 'quoted-printable' | 'base64' | '7bit' | '8bit';

export interface MessageSpec {
  from: Mailbox;
  to: Mailbox[];
  subject: string;
  date: Date;
  text?: string;
  html?: string;
  /** Body and encoded-word charset, e.g. 'utf-8' (default), 'iso-8859-1', 'windows-1252', 'koi8-r', 'iso-2022-jp'. */
  charset?: string;
  /** Defaults to 7bit for ASCII (and ISO-2022-JP) bodies, quoted-printable otherwise. */
  transferEncoding?: TransferEncoding;
  messageId?: string;
  /** Forces RFC 2047 encoding of the subject even when it is ASCII; non-ASCII is always encoded. */
  encodeSubject?: boolean;
  /** Encoded-word flavour; defaults to B for multi-byte charsets and Q for single-byte ones. */
  subjectEncoding?: 'B' | 'Q';
  attachments?: AttachmentSpec[];
}

export interface GeneratedMessage {
  spec: MessageSpec;
  raw: string | Buffer;
}

const CRLF = '\r\n';
const MAX_LINE = 76;

// ---------------------------------------------------------------------------------------------
// Charsets

function normalizeCharset(charset: string | undefined): string {
  return (charset ?? 'utf-8').toLowerCase();
}

/** iconv-lite has no ISO-2022-JP encoder; JIS X 0208 is EUC-JP with the high bits cleared. */
function encodeIso2022Jp(text: string): Buffer {
  const out: number[] = [];
  let inJis = false;
  const toAscii = (): void => {
    if (inJis) out.push(0x1b, 0x28, 0x42);
    inJis = false;
  };
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      // Every line must end in ASCII mode (RFC 1468).
      toAscii();
      out.push(code);
      continue;
    }
    const euc = iconv.encode(char, 'euc-jp');
    const [high, low] = [euc[0], euc[1]];
    if (euc.length !== 2 || high === undefined || low === undefined || high < 0xa1 || low < 0xa1) {
      throw new Error(`Character ${JSON.stringify(char)} is not in JIS X 0208 and cannot be sent as ISO-2022-JP`);
    }
    if (!inJis) out.push(0x1b, 0x24, 0x42);
    inJis = true;
    out.push(high & 0x7f, low & 0x7f);
  }
  toAscii();
  return Buffer.from(out);
}

export function encodeCharset(text: string, charset: string | undefined): Buffer {
  const name = normalizeCharset(charset);
  if (name === 'utf-8' || name === 'utf8') return Buffer.from(text, 'utf8');
  if (name === 'iso-2022-jp') return encodeIso2022Jp(text);
  if (!iconv.encodingExists(name)) throw new Error(`Unknown charset ${String(charset)}`);
  const bytes = iconv.encode(text, name);
  // iconv-lite silently substitutes '?' for unmappable characters; a test message must not lie.
  if (iconv.decode(bytes, name) !== text) throw new Error(`Text cannot be represented in ${name}`);
  return bytes;
}

function isMultiByte(charset: string): boolean {
  return /^(utf-?8|iso-2022-jp|shift_jis|euc-jp|gb2312|gbk|big5|euc-kr)$/.test(charset);
}

const isAscii = (text: string): boolean => /^\p{ASCII}*$/u.test(text);
const hasHighBytes = (bytes: Buffer): boolean => bytes.some((byte) => byte > 0x7f);

// ---------------------------------------------------------------------------------------------
// Transfer encodings

/** RFC 2045 §6.7 quoted-printable of CRLF-separated text, hard line breaks kept as CRLF. */
export function encodeQuotedPrintable(bytes: Buffer): string {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const atEnd = i === bytes.length;
    if (atEnd || (bytes[i] === 0x0d && bytes[i + 1] === 0x0a)) {
      lines.push(encodeQpLine(bytes.subarray(start, i)));
      if (!atEnd) i++;
      start = i + 1;
    }
  }
  return lines.join(CRLF);
}

function encodeQpLine(line: Buffer): string {
  const tokens: string[] = [];
  line.forEach((byte, index) => {
    const isLast = index === line.length - 1;
    const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 0x20 || byte === 0x09) && !isLast);
    tokens.push(literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`);
  });
  // Soft breaks ('=' at the end) keep every physical line within 76 characters.
  const out: string[] = [];
  let current = '';
  for (const token of tokens) {
    if (current.length + token.length > MAX_LINE - 1) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  }
  out.push(current);
  return out.join(CRLF);
}

export function encodeBase64Lines(bytes: Buffer): string {
  const base64 = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += MAX_LINE) lines.push(base64.slice(i, i + MAX_LINE));
  return lines.join(CRLF);
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}

// ---------------------------------------------------------------------------------------------
// Headers

/** RFC 2047 encoded words, split on character boundaries so each word stays within 75 characters. */
export function encodeWords(text: string, charset: string | undefined, mode: 'B' | 'Q'): string {
  const name = normalizeCharset(charset);
  const prefix = `=?${name.toUpperCase()}?${mode}?`;
  const budget = 75 - prefix.length - 2;
  const words: string[] = [];
  let chunk = '';
  const flush = (): void => {
    if (chunk) words.push(`${prefix}${encodeWordPayload(encodeCharset(chunk, name), mode)}?=`);
    chunk = '';
  };
  for (const char of text) {
    const candidate = chunk + char;
    if (encodeWordPayload(encodeCharset(candidate, name), mode).length > budget) flush();
    chunk += char;
  }
  flush();
  return words.join(`${CRLF} `);
}

function encodeWordPayload(bytes: Buffer, mode: 'B' | 'Q'): string {
  if (mode === 'B') return bytes.toString('base64');
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x20) out += '_';
    else if (/[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(byte))) out += String.fromCharCode(byte);
    else out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function canEncode(text: string, charset: string): boolean {
  try {
    encodeCharset(text, charset);
    return true;
  } catch {
    return false;
  }
}

function formatAddress(mailbox: Mailbox, charset: string): string {
  if (!mailbox.name) return mailbox.address;
  if (!isAscii(mailbox.name)) {
    // A name the body charset cannot hold (Cyrillic in a Latin-1 message) goes out as UTF-8.
    const nameCharset = canEncode(mailbox.name, charset) ? charset : 'utf-8';
    return `${encodeWords(mailbox.name, nameCharset, isMultiByte(nameCharset) ? 'B' : 'Q')} <${mailbox.address}>`;
  }
  const safe = /^[\w !#$%&'*+\-/=?^`{|}~]+$/.test(mailbox.name);
  return `${safe ? mailbox.name : `"${mailbox.name.replace(/(["\\])/g, '\\$1')}"`} <${mailbox.address}>`;
}

/** RFC 5322 date in UTC, e.g. `Tue, 02 Jan 2024 09:05:00 +0000`. */
export function formatRfc5322Date(date: Date): string {
  const [weekday, day, month, year, time] = date.toUTCString().replace(',', '').split(' ');
  return `${weekday ?? ''}, ${day ?? ''} ${month ?? ''} ${year ?? ''} ${time ?? ''} +0000`;
}

function boundaryFor(seed: string, depth: number): string {
  return `----=_Kestrel_${depth}_${createHash('sha256').update(`${seed}:${depth}`).digest('hex').slice(0, 24)}`;
}

function attachmentFilenameParam(filename: string): string {
  if (isAscii(filename) && !/["\\]/.test(filename)) return `filename="${filename}"`;
  // RFC 2231 extended parameter for non-ASCII names.
  return `filename*=utf-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

// ---------------------------------------------------------------------------------------------
// MIME parts: headers as text lines, bodies as bytes (so 8bit charsets survive untouched)

interface Part {
  headers: string[];
  body: Buffer;
}

function textPart(content: string, subtype: 'plain' | 'html', spec: MessageSpec): Part {
  const charset = normalizeCharset(spec.charset);
  const bytes = encodeCharset(toCrlf(content), charset);
  const encoding = spec.transferEncoding ?? (hasHighBytes(bytes) ? 'quoted-printable' : '7bit');
  if (encoding === '7bit' && hasHighBytes(bytes)) throw new Error(`7bit cannot carry this ${charset} text; use quoted-printable, base64 or 8bit`);
  const body =
    encoding === 'quoted-printable'
      ? Buffer.from(encodeQuotedPrintable(bytes), 'latin1')
      : encoding === 'base64'
        ? Buffer.from(encodeBase64Lines(bytes), 'latin1')
        : bytes;
  return {
    headers: [`Content-Type: text/${subtype}; charset=${charset}`, `Content-Transfer-Encoding: ${encoding}`],
    body,
  };
}

function attachmentPart(attachment: AttachmentSpec): Part {
  return {
    headers: [
      `Content-Type: ${attachment.contentType}`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; ${attachmentFilenameParam(attachment.filename)}`,
    ],
    body: Buffer.from(encodeBase64Lines(attachment.content), 'latin1'),
  };
}

function multipart(subtype: 'alternative' | 'mixed', parts: Part[], boundary: string): Part {
  const chunks: Buffer[] = [Buffer.from(`This is a multi-part message in MIME format.${CRLF}`)];
  for (const part of parts) chunks.push(Buffer.from(`--${boundary}${CRLF}`), serializePart(part), Buffer.from(CRLF));
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return { headers: [`Content-Type: multipart/${subtype}; boundary="${boundary}"`], body: Buffer.concat(chunks) };
}

function serializePart(part: Part): Buffer {
  return Buffer.concat([Buffer.from(part.headers.join(CRLF) + CRLF + CRLF, 'latin1'), part.body]);
}

function bodyPart(spec: MessageSpec, seed: string): Part {
  const alternatives: Part[] = [];
  if (spec.text !== undefined || spec.html === undefined) alternatives.push(textPart(spec.text ?? '', 'plain', spec));
  if (spec.html !== undefined) alternatives.push(textPart(spec.html, 'html', spec));
  const content = alternatives.length > 1 ? multipart('alternative', alternatives, boundaryFor(seed, 2)) : alternatives[0];
  if (!content) throw new Error('unreachable: a message always has a body');
  if (!spec.attachments?.length) return content;
  return multipart('mixed', [content, ...spec.attachments.map(attachmentPart)], boundaryFor(seed, 1));
}

/**
 * Builds a raw RFC 5322 message with CRLF line ends. A string when every byte is ASCII, otherwise
 * a Buffer, since 8bit bodies in legacy charsets are not valid UTF-8 strings.
 */
export function makeMessage(spec: MessageSpec): string | Buffer {
  const charset = normalizeCharset(spec.charset);
  const messageId =
    spec.messageId ??
    `<${createHash('sha256')
      .update(JSON.stringify([spec.subject, spec.date.getTime(), spec.from.address]))
      .digest('hex')
      .slice(0, 20)}@kestrel.test>`;
  const subject =
    spec.encodeSubject || !isAscii(spec.subject)
      ? encodeWords(spec.subject, charset, spec.subjectEncoding ?? (isMultiByte(charset) ? 'B' : 'Q'))
      : spec.subject;
  const body = bodyPart(spec, messageId);
  const headers = [
    `Message-ID: ${messageId}`,
    `Date: ${formatRfc5322Date(spec.date)}`,
    `From: ${formatAddress(spec.from, charset)}`,
    `To: ${spec.to.map((mailbox) => formatAddress(mailbox, charset)).join(`,${CRLF} `)}`,
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    ...body.headers,
  ];
  const raw = serializePart({ headers, body: body.body });
  return hasHighBytes(raw) ? raw : raw.toString('latin1');
}

// ---------------------------------------------------------------------------------------------
// Deterministic mailbox generator

const SENDERS: Mailbox[] = [
  { name: 'Alice Johnson', address: 'alice.johnson@example.com' },
  { name: 'Bob Smith', address: 'bob@example.org' },
  { name: 'José Müller', address: 'jose.mueller@example.de' },
  { name: 'Zoë Lefèvre', address: 'zoe@example.fr' },
  { name: 'GitHub', address: 'noreply@github.example' },
  { name: 'Иван Петров', address: 'ivan@example.ru' },
  { name: '山田太郎', address: 'yamada@example.jp' },
  { name: 'Newsletter Team', address: 'news@shop.example' },
  { name: "O'Brien, Pat", address: 'pat.obrien@example.ie' },
  { name: '', address: 'alerts@monitoring.example' },
];

interface SubjectTemplate {
  subject: string;
  charset?: string;
}

const SUBJECTS: SubjectTemplate[] = [
  { subject: 'Quarterly report draft' },
  { subject: 'Re: Lunch on Friday?' },
  { subject: 'Fwd: Invoice #{n}' },
  { subject: '[kestrel/mail] Pull request #{n}: fix folder sync' },
  { subject: 'Café meeting — résumé attached' },
  { subject: 'Grüße aus München', charset: 'iso-8859-1' },
  { subject: 'Année fiscale: déclaration', charset: 'iso-8859-1' },
  { subject: 'Отчёт за неделю' },
  { subject: '会議の議事録 #{n}' },
  { subject: 'Your order has shipped 📦' },
  { subject: 'Build #{n} failed on main' },
  { subject: 'Weekly digest' },
];

const PARAGRAPHS = [
  'Thanks for the update. I had a look at the numbers and they match what we discussed.',
  'Could you send me the latest version before the call tomorrow?',
  'From now on the build runs every night; the first line of this paragraph starts with "From".',
  'Let me know if anything is unclear, happy to walk through it.',
  'The attached file has the details. Café, naïve and façade should survive encoding.',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}

/**
 * `n` realistic messages, oldest first (the last is the newest), identical for the same seed:
 * varied senders, RFC 2047 subjects in UTF-8 and ISO-8859-1, text/html alternatives, attachments.
 */
/**
 * One message per subject, an hour apart and ending an hour ago, in the order given: a list sorted by
 * date shows the last subject first.
 */
export function hourlyMessages(from: Mailbox, to: Mailbox, subjects: readonly string[], text: (subject: string) => string): Array<string | Buffer> {
  return subjects.map((subject, index) =>
    makeMessage({ from, to: [to], subject, date: new Date(Date.now() - (subjects.length - index) * 3_600_000), text: text(subject) }),
  );
}

export function generateMailbox(n: number, seed = 1): GeneratedMessage[] {
  const random = mulberry32(seed);
  const recipient: Mailbox = { name: 'Kestrel Tester', address: 'tester@kestrel.test' };
  let time = Date.UTC(2024, 0, 1, 8, 0, 0);
  const messages: GeneratedMessage[] = [];
  for (let i = 0; i < n; i++) {
    time += 60_000 + Math.floor(random() * 6 * 3_600_000);
    const template = pick(random, SUBJECTS);
    const from = pick(random, template.charset ? SENDERS.filter((s) => canEncode(s.name, template.charset ?? 'utf-8')) : SENDERS);
    const paragraphs = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, PARAGRAPHS));
    const text = `Hi,\n\n${paragraphs.join('\n\n')}\n\n-- \n${from.name || from.address}\n`;
    const withHtml = random() < 0.4;
    const withAttachment = random() < 0.1;
    const charset = template.charset ?? (isAscii(template.subject + text + from.name) ? 'us-ascii' : 'utf-8');
    const spec: MessageSpec = {
      from,
      to: [recipient],
      subject: template.subject.replace('{n}', String(1000 + i)),
      date: new Date(time),
      text,
      charset: charset === 'us-ascii' ? 'utf-8' : charset,
      messageId: `<gen-${seed}-${i}@kestrel.test>`,
      ...(withHtml ? { html: `<html><body>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</body></html>` } : {}),
      ...(withAttachment
        ? { attachments: [{ filename: `report-${i}.pdf`, contentType: 'application/pdf', content: Buffer.from(`%PDF-1.4\n% test ${i}\n`) }] }
        : {}),
    };
    messages.push({ spec, raw: makeMessage(spec) });
  }
  return messages;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** HTML that shows a PNG by Content-ID, the way newsletters and signatures do. */
export function inlineImageMessage(png: Buffer, contentType = 'image/png'): string {
  return [
    'From: Ada <ada@kestrel.test>',
    'Subject: Our logo',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Look: <img src="cid:logo@kestrel" alt="logo"></p>',
    '--rel',
    `Content-Type: ${contentType}`,
    'Content-ID: <logo@kestrel>',
    'Content-Transfer-Encoding: base64',
    '',
    png.toString('base64'),
    '--rel--',
    '',
  ].join('\r\n');
}
