import { describe, it, expect } from 'vitest';
import { decodeCharset, resolveCharset } from './charset';

const bytes = (...values: number[]): Buffer => Buffer.from(values);
const ascii = (text: string): number[] => [...Buffer.from(text, 'latin1')];

describe('decodeCharset: labeled single-byte charsets', () => {
  it('decodes windows-1252, including the 0x80-0x9F range', () => {
    expect(decodeCharset(bytes(0x80, 0x20, 0x93, 0x71, 0x94, 0x20, 0x96, 0x20, 0xe9), 'windows-1252')).toBe('\u20ac \u201cq\u201d \u2013 \u00e9');
  });

  it('decodes iso-8859-1 and us-ascii labels as windows-1252 (WHATWG)', () => {
    expect(decodeCharset(bytes(0x93, 0x68, 0x69, 0x94, 0xe9), 'ISO-8859-1')).toBe('\u201chi\u201d\u00e9');
    expect(decodeCharset(bytes(0x80, 0xe9), 'latin1')).toBe('\u20ac\u00e9');
    expect(decodeCharset(bytes(0x80, 0xe9), 'us-ascii')).toBe('\u20ac\u00e9');
  });

  it('decodes us-ascii labeled text that is really UTF-8 as UTF-8', () => {
    expect(decodeCharset(Buffer.from('café €', 'utf8'), 'us-ascii')).toBe('café €');
  });

  it('decodes iso-8859-15 with its euro sign at 0xA4', () => {
    expect(decodeCharset(bytes(0xa4, 0x35, 0x20, 0xbd), 'iso-8859-15')).toBe('\u20ac5 \u0153');
    expect(decodeCharset(bytes(0xa4), 'Latin9')).toBe('\u20ac');
  });

  it('decodes koi8-r', () => {
    expect(decodeCharset(bytes(0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4), 'KOI8-R')).toBe('Привет');
  });

  it('decodes iso-8859-9 as windows-1254', () => {
    expect(decodeCharset(bytes(0xfd, 0x80), 'iso-8859-9')).toBe('\u0131\u20ac');
  });
});

describe('decodeCharset: CJK charsets', () => {
  it('decodes shift_jis and its aliases', () => {
    const nihon = bytes(0x93, 0xfa, 0x96, 0x7b);
    expect(decodeCharset(nihon, 'Shift_JIS')).toBe('日本');
    expect(decodeCharset(nihon, 'x-sjis')).toBe('日本');
    expect(decodeCharset(nihon, 'cp932')).toBe('日本');
    // NEC row 13 (circled digit one) exists only in the Windows code page.
    expect(decodeCharset(bytes(0x87, 0x40), 'shift_jis')).toBe('①');
  });

  it('decodes iso-2022-jp', () => {
    const jis = bytes(0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42, ...ascii(' mail'));
    expect(decodeCharset(jis, 'ISO-2022-JP')).toBe('日本 mail');
    expect(decodeCharset(jis, '"iso-2022-jp"')).toBe('日本 mail');
  });

  it('decodes unlabeled iso-2022-jp by its escape sequences', () => {
    const jis = bytes(0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42);
    expect(decodeCharset(jis, null)).toBe('日本');
  });

  it('decodes euc-jp', () => {
    expect(decodeCharset(bytes(0xc6, 0xfc, 0xcb, 0xdc), 'EUC-JP')).toBe('日本');
  });

  it('decodes gb2312 as gbk, and gbk-only characters', () => {
    expect(decodeCharset(bytes(0xd6, 0xd0, 0xce, 0xc4), 'gb2312')).toBe('中文');
    expect(decodeCharset(bytes(0xd6, 0xd0, 0xce, 0xc4), 'GBK')).toBe('中文');
    // 0x8140 is outside GB2312 but in GBK; mail labeled gb2312 uses it.
    expect(decodeCharset(bytes(0x81, 0x40), 'gb2312')).toBe('丂');
  });

  it('decodes big5', () => {
    expect(decodeCharset(bytes(0xa4, 0xa4, 0xa4, 0xe5), 'big5')).toBe('中文');
  });

  it('decodes euc-kr and ks_c_5601-1987', () => {
    expect(decodeCharset(bytes(0xc7, 0xd1, 0xb1, 0xb9), 'euc-kr')).toBe('한국');
    expect(decodeCharset(bytes(0xc7, 0xd1, 0xb1, 0xb9), 'ks_c_5601-1987')).toBe('한국');
  });
});

describe('decodeCharset: Unicode', () => {
  it('decodes utf-8 and its aliases', () => {
    const text = 'naïve – 日本 😀';
    expect(decodeCharset(Buffer.from(text), 'UTF-8')).toBe(text);
    expect(decodeCharset(Buffer.from(text), 'utf8')).toBe(text);
    expect(decodeCharset(Buffer.from(text), "'utf-8'")).toBe(text);
    expect(decodeCharset(Buffer.from(text), 'utf-8;format=flowed')).toBe(text);
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(decodeCharset(bytes(0xef, 0xbb, 0xbf, ...Buffer.from('héllo')), 'utf-8')).toBe('héllo');
    expect(decodeCharset(bytes(0xef, 0xbb, 0xbf, ...Buffer.from('héllo')), null)).toBe('héllo');
  });

  it('lets a byte order mark win over a wrong label', () => {
    expect(decodeCharset(bytes(0xef, 0xbb, 0xbf, ...Buffer.from('é')), 'iso-8859-1')).toBe('é');
    expect(decodeCharset(bytes(0xff, 0xfe, 0x41, 0x00, 0xe9, 0x00), 'windows-1252')).toBe('Aé');
  });

  it('decodes invalid utf-8 with replacement characters', () => {
    expect(decodeCharset(bytes(0x61, 0xff, 0x62), 'utf-8')).toBe('a\ufffdb');
  });

  it('decodes utf-16 and utf-7', () => {
    expect(decodeCharset(bytes(0x00, 0x41, 0x00, 0xe9), 'UTF-16BE')).toBe('Aé');
    expect(decodeCharset(Buffer.from('Hi Mom -+Jjo--!'), 'utf-7')).toBe('Hi Mom -☺-!');
  });
});

describe('decodeCharset: missing and unknown charsets', () => {
  it('decodes unlabeled valid UTF-8 as UTF-8', () => {
    expect(decodeCharset(Buffer.from('grüße'), null)).toBe('grüße');
    expect(decodeCharset(Buffer.from('grüße'), undefined)).toBe('grüße');
    expect(decodeCharset(Buffer.from('grüße'), '')).toBe('grüße');
  });

  it('decodes unlabeled 8-bit text that is not UTF-8 as windows-1252', () => {
    expect(decodeCharset(bytes(0x67, 0x72, 0xfc, 0xdf, 0x65, 0x80), null)).toBe('grüße€');
  });

  it('falls back the same way for unknown labels', () => {
    expect(decodeCharset(Buffer.from('grüße'), 'x-made-up')).toBe('grüße');
    expect(decodeCharset(bytes(0xfc, 0x80), 'unknown-8bit')).toBe('ü€');
    expect(decodeCharset(bytes(0xfc), 'iso-2022-kr')).toBe('ü');
  });

  it('does not treat byte-to-text codecs as charsets', () => {
    expect(decodeCharset(Buffer.from('abc'), 'base64')).toBe('abc');
    expect(decodeCharset(Buffer.from('abc'), 'hex')).toBe('abc');
  });

  it('decodes empty input to an empty string', () => {
    expect(decodeCharset(Buffer.alloc(0), 'iso-2022-jp')).toBe('');
    expect(decodeCharset(Buffer.alloc(0), null)).toBe('');
  });

  it('survives hostile labels', () => {
    expect(decodeCharset(Buffer.from('ok'), '"";;\u0000')).toBe('ok');
    expect(decodeCharset(Buffer.from('ok'), 'x'.repeat(10_000))).toBe('ok');
    expect(decodeCharset(Buffer.from('ok'), '__proto__')).toBe('ok');
    expect(decodeCharset(Buffer.from('ok'), 'constructor')).toBe('ok');
  });
});

describe('resolveCharset', () => {
  it.each([
    ['UTF-8', { kind: 'iconv', name: 'utf8' }],
    ['x-sjis', { kind: 'iconv', name: 'cp932' }],
    ['cp1252', { kind: 'iconv', name: 'windows-1252' }],
    ['windows-1251', { kind: 'iconv', name: 'windows-1251' }],
    ['x-euc-kr', { kind: 'iconv', name: 'cp949' }],
    ['iso-2022-jp', { kind: 'iso-2022-jp' }],
    ['US-ASCII', { kind: 'sniff' }],
    [null, { kind: 'sniff' }],
  ] as const)('maps %s', (label, expected) => {
    expect(resolveCharset(label)).toEqual(expected);
  });
});

describe('decodeCharset: real-world labels and cut data', () => {
  it('decodes GB2312 and GBK labels as GB18030, whose four-byte sequences carry emoji and rare characters', () => {
    const emoji = bytes(0x94, 0x39, 0xfc, 0x36); // U+1F600 in GB18030
    const extA = bytes(0x81, 0x39, 0xee, 0x39); // U+3400
    for (const label of ['gb2312', 'GBK', 'x-gbk', 'GB18030']) {
      expect(decodeCharset(Buffer.concat([bytes(0xc4, 0xe3, 0xba, 0xc3), emoji, extA, bytes(0x80)]), label)).toBe('你好😀㐀€');
    }
  });

  it('reads a whole unlabeled part ending in one Latin-1 byte as windows-1252, and only a cut one as UTF-8 cut short', () => {
    expect(decodeCharset(bytes(...ascii('Merci,\r\nRen'), 0xe9), null)).toBe('Merci,\r\nRené');
    expect(decodeCharset(bytes(...ascii('Gru'), 0xdf), 'us-ascii')).toBe('Gruß');
    expect(decodeCharset(bytes(...ascii('caf'), 0xc3), null, { cut: true })).toBe('caf\ufffd');
  });

  it('drops the first half of a two-byte JIS pair that a cut separated from its second', () => {
    const nihon = bytes(0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c); // ESC $ B 日本
    expect(decodeCharset(nihon, 'iso-2022-jp', { cut: true })).toBe('日本');
    expect(decodeCharset(nihon.subarray(0, -1), 'iso-2022-jp', { cut: true })).toBe('日');
  });
});
