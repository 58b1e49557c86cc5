import { describe, expect, it } from 'vitest';
import { unflow } from './format-flowed';

describe('unflow (RFC 3676)', () => {
  it('joins soft-broken lines into paragraphs and keeps hard breaks', () => {
    expect(unflow('This paragraph was wrapped \nby the sender at 72 \ncolumns.\nA new line.\n\nA new paragraph.', false)).toBe(
      'This paragraph was wrapped by the sender at 72 columns.\nA new line.\n\nA new paragraph.',
    );
  });

  it('joins only lines of the same quote depth, and writes quotes back with a space', () => {
    expect(unflow('> quoted and \n> wrapped\n>> deeper \n> back up\nmine', false)).toBe('> quoted and wrapped\n>> deeper \n> back up\nmine');
  });

  it('removes space-stuffing and leaves the signature separator alone', () => {
    expect(unflow(' From the start \nof a line\n-- \nAda', false)).toBe('From the start of a line\n-- \nAda');
  });

  it('drops the space of each soft break with DelSp=yes', () => {
    expect(unflow('日本語の \n文章です。', true)).toBe('日本語の文章です。');
    expect(unflow('wrap \nped', true)).toBe('wrapped');
  });
});
