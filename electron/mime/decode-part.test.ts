import { describe, it, expect } from 'vitest';
import { decodeDisplayPart, DEFAULT_MAX_DISPLAY_CHARS, MAX_DISPLAY_PART_BYTES } from './decode-part';
import type { DisplayPart } from './display-part';

const part = (overrides: Partial<DisplayPart> = {}): DisplayPart => ({
  part: '1',
  type: 'text/plain',
  charset: 'utf-8',
  encoding: null,
  size: null,
  ...overrides,
});

describe('decodeDisplayPart', () => {
  it('decodes quoted-printable windows-1252 html', () => {
    const raw = Buffer.from('<p>=93Caf=E9=94 costs =80=\r\n5</p>\r\n', 'latin1');
    expect(decodeDisplayPart(raw, part({ type: 'text/html', charset: 'windows-1252', encoding: 'quoted-printable' }))).toEqual({
      kind: 'html',
      text: '<p>\u201cCaf\u00e9\u201d costs \u20ac5</p>\n',
      truncated: false,
    });
  });

  it('decodes base64 utf-8 plain text and normalizes line endings', () => {
    const raw = Buffer.from(Buffer.from('line one\r\nline two\rline three\n日本').toString('base64'));
    expect(decodeDisplayPart(raw, part({ encoding: 'base64' }))).toEqual({
      kind: 'plain',
      text: 'line one\nline two\nline three\n日本',
      truncated: false,
    });
  });

  it('decodes base64 iso-2022-jp', () => {
    const jis = Buffer.from([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42, 0x0d, 0x0a]);
    const raw = Buffer.from(jis.toString('base64'));
    expect(decodeDisplayPart(raw, part({ charset: 'iso-2022-jp', encoding: 'base64' })).text).toBe('日本\n');
  });

  it('uses a <meta> charset when an html part has no MIME charset', () => {
    const raw = Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head>\xf0\xd2\xc9', 'latin1');
    expect(decodeDisplayPart(raw, part({ type: 'text/html', charset: null })).text).toContain('При');
    const html5 = Buffer.from('<meta charset="shift_jis">\x93\xfa', 'latin1');
    expect(decodeDisplayPart(html5, part({ type: 'text/html', charset: null })).text).toBe('<meta charset="shift_jis">日');
  });

  it('lets the MIME charset win over a <meta> charset', () => {
    const raw = Buffer.from('<meta charset="iso-8859-1">日本');
    expect(decodeDisplayPart(raw, part({ type: 'text/html', charset: 'utf-8' })).text).toBe('<meta charset="iso-8859-1">日本');
  });

  it('falls back for a missing charset on plain text', () => {
    expect(decodeDisplayPart(Buffer.from('gr\xfc\xdfe', 'latin1'), part({ charset: null })).text).toBe('grüße');
    expect(decodeDisplayPart(Buffer.from('grüße'), part({ charset: null })).text).toBe('grüße');
  });

  it('caps the text at maxChars and marks it truncated', () => {
    const body = decodeDisplayPart(Buffer.from('abcdefghij'), part(), { maxChars: 4 });
    expect(body).toEqual({ kind: 'plain', text: 'abcd', truncated: true });
  });

  it('does not split a surrogate pair when capping', () => {
    expect(decodeDisplayPart(Buffer.from('a😀b'), part(), { maxChars: 2 }).text).toBe('a');
  });

  it('is not truncated at exactly maxChars', () => {
    expect(decodeDisplayPart(Buffer.from('abcd'), part(), { maxChars: 4 })).toEqual({
      kind: 'plain',
      text: 'abcd',
      truncated: false,
    });
  });

  it('caps at the default of one million characters', () => {
    const body = decodeDisplayPart(Buffer.alloc(DEFAULT_MAX_DISPLAY_CHARS + 10, 'a'), part());
    expect(body.text.length).toBe(DEFAULT_MAX_DISPLAY_CHARS);
    expect(body.truncated).toBe(true);
  });

  it('treats a nonsensical maxChars as the default or zero', () => {
    expect(decodeDisplayPart(Buffer.from('abc'), part(), { maxChars: Number.NaN }).text).toBe('abc');
    expect(decodeDisplayPart(Buffer.from('abc'), part(), { maxChars: -5 })).toEqual({
      kind: 'plain',
      text: '',
      truncated: true,
    });
  });

  it('marks a part cut by the fetch limit as truncated and drops the broken last character', () => {
    const cutUtf8 = Buffer.from('héllo 日').subarray(0, -1);
    expect(decodeDisplayPart(cutUtf8, part(), { cut: true })).toEqual({
      kind: 'plain',
      text: 'héllo ',
      truncated: true,
    });
    const cutQp = Buffer.from('caf=C3=A9 =E2=82');
    expect(decodeDisplayPart(cutQp, part({ encoding: 'quoted-printable' }), { cut: true }).text).toBe('café ');
    const cutQpEscape = Buffer.from('abc=E');
    expect(decodeDisplayPart(cutQpEscape, part({ encoding: 'quoted-printable' }), { cut: true }).text).toBe('abc');
    expect(decodeDisplayPart(Buffer.from('abc='), part({ encoding: 'quoted-printable' }), { cut: true }).text).toBe('abc');
    expect(decodeDisplayPart(Buffer.from('1 + 1 =E'), part({ encoding: '8bit' }), { cut: true }).text).toBe('1 + 1 =E');
  });

  it('keeps unlabeled UTF-8 that the fetch limit cut mid-character as UTF-8', () => {
    const cut = Buffer.from('grüße 日本').subarray(0, -2);
    expect(decodeDisplayPart(cut, part({ charset: null }), { cut: true })).toEqual({
      kind: 'plain',
      text: 'grüße 日',
      truncated: true,
    });
  });

  it('cuts raw input beyond MAX_DISPLAY_PART_BYTES itself', () => {
    const body = decodeDisplayPart(Buffer.alloc(MAX_DISPLAY_PART_BYTES + 1, 'a'), part(), {
      maxChars: MAX_DISPLAY_PART_BYTES * 2,
    });
    expect(body.text.length).toBe(MAX_DISPLAY_PART_BYTES);
    expect(body.truncated).toBe(true);
  });

  it('decodes an empty part', () => {
    expect(decodeDisplayPart(Buffer.alloc(0), part({ type: 'text/html', encoding: 'base64' }))).toEqual({
      kind: 'html',
      text: '',
      truncated: false,
    });
  });

  it('uses the <meta> charset of an html part that the server labels us-ascii because it names none', () => {
    const raw = Buffer.concat([
      Buffer.from('<meta charset="windows-1251"><p>'),
      Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]),
      Buffer.from('</p>'),
    ]);
    expect(decodeDisplayPart(raw, part({ type: 'text/html', charset: 'us-ascii' })).text).toBe('<meta charset="windows-1251"><p>Привет</p>');
    expect(decodeDisplayPart(raw, part({ type: 'text/html', charset: 'koi8-r' })).text).not.toContain('Привет');
  });

  it('drops a quoted-printable soft break and a UTF-16 surrogate half that the fetch limit cut', () => {
    expect(decodeDisplayPart(Buffer.from('soft=\r', 'latin1'), part({ encoding: 'quoted-printable' }), { cut: true }).text).toBe('soft');
    const utf16 = Buffer.from('ok😀', 'utf16le');
    expect(decodeDisplayPart(utf16.subarray(0, -2), part({ charset: 'utf-16le' }), { cut: true }).text).toBe('ok');
  });

  it('unwraps format=flowed plain text, with DelSp', () => {
    const raw = Buffer.from('A long line that the sender=20\r\nwrapped=20\r\nhere.\r\n--=20\r\nAda\r\n', 'latin1');
    expect(decodeDisplayPart(raw, part({ encoding: 'quoted-printable', flowed: { delsp: false } })).text).toBe(
      'A long line that the sender wrapped here.\n-- \nAda\n',
    );
    expect(decodeDisplayPart(Buffer.from('wrap \r\nped\r\n'), part({ flowed: { delsp: true } })).text).toBe('wrapped\n');
  });
});
