import { describe, expect, it } from 'vitest';
import { joinBodies } from './join-bodies';

describe('joinBodies', () => {
  it('joins plain parts with a line break, and passes one part through as it is', () => {
    expect(
      joinBodies([
        { kind: 'plain', text: 'Look:', truncated: false },
        { kind: 'plain', text: 'Nice, isn’t it?', truncated: false },
      ]),
    ).toEqual({
      kind: 'plain',
      text: 'Look:\nNice, isn’t it?',
      truncated: false,
    });
    const only = { kind: 'html' as const, text: '<p>x</p>', truncated: true };
    expect(joinBodies([only, { kind: 'none', text: '', truncated: false }])).toBe(only);
    expect(joinBodies([])).toEqual({ kind: 'none', text: '', truncated: false });
  });

  it('turns into HTML when any part is HTML, the plain parts escaped with their line breaks kept', () => {
    const joined = joinBodies([
      { kind: 'html', text: '<p>Hello</p>', truncated: false },
      { kind: 'plain', text: '-- \n<list@example.org> & more', truncated: true },
    ]);
    expect(joined).toEqual({
      kind: 'html',
      text: '<p>Hello</p>\n<div style="white-space: pre-wrap">-- \n&#60;list@example.org&#62; &#38; more</div>',
      truncated: true,
    });
  });

  it('caps what it joins, and says so', () => {
    const part = { kind: 'plain' as const, text: 'x'.repeat(10), truncated: false };
    expect(joinBodies([part, part], 15)).toEqual({ kind: 'plain', text: 'x'.repeat(10) + '\n' + 'x'.repeat(4), truncated: true });
  });
});
