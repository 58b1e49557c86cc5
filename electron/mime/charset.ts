import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import Encoding from 'encoding-japanese';

/**
 * How a charset label is decoded. `sniff` means the label tells us nothing reliable, so the bytes
 * decide: UTF-8 when they are valid UTF-8, else windows-1252.
 */
export type CharsetDecoder = { kind: 'iconv'; name: string } | { kind: 'iso-2022-jp' } | { kind: 'sniff' };

const SNIFF: CharsetDecoder = { kind: 'sniff' };
const ISO_2022_JP: CharsetDecoder = { kind: 'iso-2022-jp' };

/**
 * Labels keyed by their lowercase alphanumerics, so `Shift_JIS`, `shift-jis` and `SHIFTJIS` meet.
 * Targets follow the WHATWG Encoding Standard, which codifies what browsers and mail clients learned
 * about mislabeled text: a legacy label means the vendor superset that the sender's software used.
 */
const ALIASES: ReadonlyMap<string, CharsetDecoder> = new Map<string, CharsetDecoder>([
  ...labels(['utf8', 'unicode11utf8', 'unicode20utf8', 'xunicode20utf8'], 'utf8'),
  // ISO-8859-1 never assigns 0x80-0x9F to printable characters, yet Windows mailers label their
  // windows-1252 text (curly quotes, euro sign, dashes live there) as ISO-8859-1 all the time. Every
  // browser therefore decodes the label as windows-1252 (WHATWG), which is identical for the shared
  // range and shows the right glyphs instead of invisible C1 controls for the rest.
  ...labels(['iso88591', 'iso885911987', 'isoir100', 'latin1', 'l1', 'cp819', 'ibm819', 'csisolatin1'], 'windows-1252'),
  ...labels(['windows1252', 'cp1252', 'win1252', 'xcp1252', 'ansix341968windows1252'], 'windows-1252'),
  ...labels(['iso88599', 'iso885991989', 'isoir148', 'latin5', 'l5', 'csisolatin5'], 'windows-1254'),
  ...labels(['iso885911', 'tis620', 'windows874', 'cp874', 'dos874'], 'windows-874'),
  ...labels(['iso885915', 'latin9', 'l9', 'csisolatin9'], 'iso-8859-15'),
  ...labels(['iso88598i', 'csiso88598i', 'logical'], 'iso-8859-8'),
  ...labels(['koi8r', 'koi8', 'koi', 'cskoi8r'], 'koi8-r'),
  ...labels(['koi8u', 'koi8ru'], 'koi8-u'),
  ...labels(['macintosh', 'mac', 'xmacroman', 'csmacintosh'], 'macintosh'),
  ...labels(['xmaccyrillic', 'xmacukrainian'], 'maccyrillic'),
  // GB2312 mail is written by GBK or GB18030 encoders (emoji and rare name characters take GB18030's
  // four-byte sequences), so these labels decode as GB18030, a superset of both, as in WHATWG.
  ...labels(
    [
      'gb2312',
      'gbk',
      'cp936',
      'ms936',
      'windows936',
      'xgbk',
      'chinese',
      'csgb2312',
      'gb231280',
      'csiso58gb231280',
      'isoir58',
      'euccn',
      'xeuccn',
      'gb18030',
    ],
    'gb18030',
  ),
  ...labels(['big5', 'big5hkscs', 'cnbig5', 'csbig5', 'xxbig5', 'xbig5'], 'big5hkscs'),
  // Shift_JIS senders are Windows code page 932 in practice (NEC and IBM extensions included).
  ...labels(['shiftjis', 'sjis', 'xsjis', 'mskanji', 'csshiftjis', 'windows31j', 'cp932', 'ms932', 'xmscp932'], 'cp932'),
  ...labels(['eucjp', 'xeucjp', 'cseucpkdfmtjapanese'], 'eucjp'),
  // EUC-KR and KS C 5601 labels are decoded as the Unified Hangul Code superset, as Windows sends them.
  ...labels(
    ['euckr', 'cseuckr', 'ksc56011987', 'ksc56011989', 'ksc5601', 'csksc56011987', 'isoir149', 'korean', 'windows949', 'cp949', 'uhc'],
    'cp949',
  ),
  ...labels(['utf16', 'ucs2', 'unicode', 'csunicode'], 'utf-16'),
  ...labels(['utf16le', 'unicodefeff'], 'utf-16le'),
  ...labels(['utf16be', 'unicodefffe'], 'utf-16be'),
  ...labels(['utf7', 'unicode11utf7', 'csunicode11utf7'], 'utf-7'),
  ...['iso2022jp', 'csiso2022jp', 'iso2022jp1', 'iso2022jp2', 'iso2022jp3', 'iso2022jp2004', 'jis', 'xjis'].map((label): [string, CharsetDecoder] => [
    label,
    ISO_2022_JP,
  ]),
  // US-ASCII text cannot contain 8-bit bytes, so when it does the label is simply wrong. Modern
  // senders that forget to relabel produce UTF-8, older ones windows-1252; sniffing tells them apart.
  ...['usascii', 'ascii', 'us', 'iso646us', 'cp367', 'ibm367', 'csascii', 'ansix341968'].map((label): [string, CharsetDecoder] => [label, SNIFF]),
]);

const NOT_CHARSETS: ReadonlySet<string> = new Set(['base64', 'base64url', 'hex', 'binary']);

function labels(keys: readonly string[], name: string): Array<[string, CharsetDecoder]> {
  return keys.map((key) => [key, { kind: 'iconv', name }]);
}

/**
 * Decodes a part's bytes into text with its MIME charset label. Never throws: a missing, unknown or
 * unsupported label falls back to UTF-8 when the bytes are valid UTF-8, else windows-1252, which is
 * what unlabeled 8-bit mail means in practice. A byte order mark wins over the label (as in WHATWG
 * decoding) and is not part of the text.
 */
export function decodeCharset(bytes: Buffer, charset: string | null | undefined, options: { cut?: boolean } = {}): string {
  const cut = options.cut === true;
  const bom = sniffByteOrderMark(bytes);
  if (bom !== null) {
    return decodeWithIconv(bytes.subarray(bom.length), bom.name);
  }
  const decoder = resolveCharset(charset);
  if (decoder.kind === 'iso-2022-jp') {
    return decodeIso2022Jp(cut ? withoutHalfJisPair(bytes) : bytes);
  }
  if (decoder.kind === 'iconv') {
    return stripBom(decodeWithIconv(bytes, decoder.name));
  }
  return decodeSniffed(bytes, cut);
}

/** Maps a charset label onto how to decode it; exported for tests and for callers that only need to know. */
export function resolveCharset(charset: string | null | undefined): CharsetDecoder {
  const label = cleanLabel(charset);
  if (label === '') {
    return SNIFF;
  }
  const key = label.replace(/[^a-z0-9]/g, '');
  const known = ALIASES.get(key) ?? (key.startsWith('x') ? ALIASES.get(key.slice(1)) : undefined);
  if (known !== undefined) {
    return known;
  }
  // iconv-lite also speaks Node's byte-to-text codecs, which are no charsets: a part labeled
  // `base64` or `hex` would come out as its own encoding instead of text.
  if (NOT_CHARSETS.has(key)) {
    return SNIFF;
  }
  // iconv-lite knows many more labels (windows-125x, iso-8859-x, cp866...) under their own names.
  for (const candidate of [label, label.replace(/^x-/, '')]) {
    if (iconv.encodingExists(candidate)) {
      return { kind: 'iconv', name: candidate };
    }
  }
  return SNIFF;
}

/** Undoes header quoting and junk such as `"utf-8";` or `utf-8 format=flowed` from broken parsers. */
function cleanLabel(charset: string | null | undefined): string {
  if (typeof charset !== 'string') {
    return '';
  }
  const unquoted = charset.trim().replace(/^["']+|["']+$/g, '');
  return (unquoted.split(/[\s;,"']/)[0] ?? '').toLowerCase();
}

function sniffByteOrderMark(bytes: Buffer): { name: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { name: 'utf8', length: 3 };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { name: 'utf-16le', length: 2 };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { name: 'utf-16be', length: 2 };
  }
  return null;
}

function decodeSniffed(bytes: Buffer, cut: boolean): string {
  // Unlabeled 7-bit text with JIS escape sequences is ISO-2022-JP, the way old Japanese mailers sent
  // it. It must be checked first: being 7-bit, it is also valid UTF-8.
  if (looksLikeIso2022Jp(bytes)) {
    return decodeIso2022Jp(cut ? withoutHalfJisPair(bytes) : bytes);
  }
  // A part cut by the fetch limit may end inside a character; that must not demote it to windows-1252.
  // A whole part may not: "Ren\xe9" at its very end is Latin-1, not a cut UTF-8 sequence.
  if (isUtf8(bytes.subarray(0, bytes.length - (cut ? incompleteUtf8TailLength(bytes) : 0)))) {
    return bytes.toString('utf8');
  }
  return decodeWithIconv(bytes, 'windows-1252');
}

/** How many bytes at the end start a UTF-8 sequence that the data ends before completing. */
function incompleteUtf8TailLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) !== 0x80) {
      // Only 0xC2-0xF4 can lead a multi-byte sequence; anything else is complete or plainly invalid.
      const needed = byte < 0xc2 || byte > 0xf4 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? back : 0;
    }
  }
  return 0;
}

/** ESC $ B, ESC $ @ and ESC ( J switch into JIS X 0208 (1983 and 1978) and JIS X 0201 Roman. */
const JIS_ESCAPES: readonly Buffer[] = [
  [0x1b, 0x24, 0x42],
  [0x1b, 0x24, 0x40],
  [0x1b, 0x28, 0x4a],
].map((seq) => Buffer.from(seq));

const ESC = 0x1b;

/**
 * Bytes cut inside a two-byte run (after ESC $ @ or ESC $ B, until the next escape) may end on the
 * first byte of a pair, which decodes to a stray `?`.
 */
function withoutHalfJisPair(bytes: Buffer): Buffer {
  const escape = bytes.lastIndexOf(ESC);
  if (escape === -1 || bytes[escape + 1] !== 0x24 || (bytes[escape + 2] !== 0x40 && bytes[escape + 2] !== 0x42)) return bytes;
  const pairs = bytes.subarray(escape + 3);
  return pairs.length % 2 === 1 && !pairs.includes(0x0a) && !pairs.includes(0x0d) ? bytes.subarray(0, -1) : bytes;
}

function looksLikeIso2022Jp(bytes: Buffer): boolean {
  return JIS_ESCAPES.some((escape) => bytes.includes(escape));
}

function decodeWithIconv(bytes: Buffer, name: string): string {
  try {
    if (iconv.encodingExists(name)) {
      return iconv.decode(bytes, name, { stripBOM: false });
    }
  } catch {
    // fall through to the label-less fallback below
  }
  return bytes.toString('latin1');
}

/**
 * iconv-lite has no ISO-2022-JP codec, so the escape-sequence state machine comes from
 * encoding-japanese, the same library imapflow uses for it (see imapflow's jp-decoder.js).
 */
function decodeIso2022Jp(bytes: Buffer): string {
  try {
    return stripBom(Encoding.convert(bytes, { to: 'UNICODE', from: 'JIS', type: 'string' }));
  } catch {
    return decodeWithIconv(bytes, 'windows-1252');
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
