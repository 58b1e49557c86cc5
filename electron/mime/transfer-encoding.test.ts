import { describe, it, expect } from 'vitest';
import { decodeTransferEncoding } from './transfer-encoding';

const decode = (text: string, encoding: string | null | undefined): string =>
  decodeTransferEncoding(Buffer.from(text, 'latin1'), encoding).toString('latin1');

describe('decodeTransferEncoding: base64', () => {
  it('ends the data at the first blank line after it: a footer appended by a list is not decoded as data', () => {
    const encoded = Buffer.from('Hello there, friend').toString('base64');
    expect(decode(`\r\n${encoded}\r\n\r\n-- \r\nSent via the list\r\n`, 'base64')).toBe('Hello there, friend');
    expect(decode(`${encoded}\n \nfooter`, 'base64')).toBe('Hello there, friend');
  });

  it('decodes wrapped base64 with CRLF and LF line breaks', () => {
    const encoded = Buffer.from('Hello, world! '.repeat(10)).toString('base64');
    const wrapped = encoded.replace(/(.{76})/g, '$1\r\n').replace(/\r\n(?=.{0,40}$)/, '\n');
    expect(decode(wrapped, 'base64')).toBe('Hello, world! '.repeat(10));
  });

  it('ignores whitespace and garbage characters', () => {
    expect(decode(' SGVs\tbG8*\r\n!sIHdv cmxk\u0000', 'base64')).toBe('Hello, world');
  });

  it('tolerates missing padding', () => {
    expect(decode('YQ', 'base64')).toBe('a');
    expect(decode('YWI', 'base64')).toBe('ab');
  });

  it('decodes concatenated chunks that each carry padding', () => {
    expect(decode('YQ==Yg==\r\nYw==', 'base64')).toBe('abc');
  });

  it('drops a dangling single character', () => {
    expect(decode('YWJjZ', 'base64')).toBe('abc');
  });

  it('is case-insensitive about the encoding name', () => {
    expect(decode('YWJj', ' BASE64 ')).toBe('abc');
  });

  it('returns nothing for empty or all-garbage input', () => {
    expect(decode('', 'base64')).toBe('');
    expect(decode('***\r\n', 'base64')).toBe('');
    expect(decode('====', 'base64')).toBe('');
  });

  it('keeps binary bytes', () => {
    const bytes = Buffer.from([0, 255, 128, 10, 13]);
    expect(decodeTransferEncoding(Buffer.from(bytes.toString('base64')), 'base64')).toEqual(bytes);
  });
});

describe('decodeTransferEncoding: quoted-printable', () => {
  it('decodes hex escapes in upper and lower case', () => {
    expect(decode('caf=C3=A9 caf=c3=a9', 'quoted-printable')).toBe('caf\xc3\xa9 caf\xc3\xa9');
  });

  it('removes soft line breaks with CRLF and LF', () => {
    expect(decode('long=\r\nline=\nhere', 'quoted-printable')).toBe('longlinehere');
  });

  it('removes whitespace an encoder may have left after a soft break', () => {
    expect(decode('soft= \t\r\nbreak', 'quoted-printable')).toBe('softbreak');
  });

  it('keeps hard line breaks', () => {
    expect(decode('one\r\ntwo\nthree', 'quoted-printable')).toBe('one\r\ntwo\nthree');
  });

  it('keeps invalid = sequences literally', () => {
    expect(decode('a=ZZb =G1 100=', 'quoted-printable')).toBe('a=ZZb =G1 100');
    expect(decode('x = y', 'quoted-printable')).toBe('x = y');
    expect(decode('end=4', 'quoted-printable')).toBe('end=4');
  });

  it('passes raw 8-bit bytes through', () => {
    const raw = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x3d, 0x33, 0x44]);
    expect(decodeTransferEncoding(raw, 'Quoted-Printable')).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x3d]));
  });
});

describe('decodeTransferEncoding: identity encodings', () => {
  it.each(['7bit', '8bit', 'binary', '8BIT', 'x-unknown', '', null, undefined])('returns %s input as is', (encoding) => {
    const raw = Buffer.from([0x3d, 0x41, 0x42, 0xff, 0x0d, 0x0a]);
    expect(decodeTransferEncoding(raw, encoding)).toEqual(raw);
  });
});
