import libmime from 'libmime';
import { decode as decodeQuotedPrintable } from 'libqp';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../shared/domain/draft';
import { draftMessage } from './draft-message';

const draft: Draft = {
  from: { name: 'José Müller', address: 'jose@example.de' },
  to: [
    { name: 'Doe, Jane', address: 'jane@example.org' },
    { name: '', address: 'bob@example.net' },
  ],
  cc: [],
  bcc: [{ name: 'Ada', address: 'ada@example.com' }],
  subject: 'Grüße aus Köln — and a long subject line that has to be folded to stay within the limits of a header line',
  text: `Hallo Jane,\n\nthe numbers = final. ${'Lorem ipsum dolor sit amet. '.repeat(10)}\r\n.\nEnde ✓ \n`,
  messageId: '<draft-1@example.de>',
  date: Date.UTC(2026, 10, 26, 16, 5, 9),
};

function parts(message: Buffer): { head: string; body: string } {
  const text = message.toString('ascii');
  const split = text.indexOf('\r\n\r\n');
  return { head: text.slice(0, split), body: text.slice(split + 4) };
}

describe('a draft as a message', () => {
  it('is 7-bit, with CRLF line ends and no line longer than 78', () => {
    const message = draftMessage(draft);
    expect([...message].every((byte) => byte < 128)).toBe(true);
    const text = message.toString('ascii');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('has the headers a draft needs, names quoted or encoded, the same bytes every time', () => {
    const { head } = parts(draftMessage(draft));
    const unfolded = head.replace(/\r\n[ \t]/g, ' ');
    expect(unfolded).toContain('Date: Thu, 26 Nov 2026 16:05:09 +0000');
    expect(unfolded).toContain('To: "Doe, Jane" <jane@example.org>, bob@example.net');
    expect(unfolded).toContain('Bcc: Ada <ada@example.com>');
    expect(unfolded).toContain('Message-ID: <draft-1@example.de>');
    expect(unfolded).toContain('Content-Type: text/plain; charset=utf-8');
    const from = /^From: (.*)$/m.exec(unfolded)?.[1] ?? '';
    expect(libmime.decodeWords(from)).toBe('José Müller <jose@example.de>');
    const subject = /^Subject: (.*)$/m.exec(unfolded)?.[1] ?? '';
    expect(libmime.decodeWords(subject)).toBe(draft.subject);
    expect(draftMessage(draft).equals(draftMessage(structuredClone(draft)))).toBe(true);
  });

  it('carries the text whole, line breaks as CRLF', () => {
    const { body } = parts(draftMessage(draft));
    expect(decodeQuotedPrintable(body).toString('utf8')).toBe(draft.text.replace(/\r\n?|\n/g, '\r\n'));
  });

  it('encodes a name outside ASCII whole, so that its comma does not split the address', () => {
    const { head } = parts(draftMessage({ ...draft, to: [{ name: 'Dupont, Léa', address: 'lea@example.fr' }] }));
    const to = /^To: (.*)$/m.exec(head.replace(/\r\n[ \t]/g, ' '))?.[1] ?? '';
    expect(to).not.toContain(',');
    expect(libmime.decodeWords(to)).toBe('Dupont, Léa <lea@example.fr>');
  });

  it('cannot be given a header of its own through a name or a subject, nor a control character', () => {
    expect(parts(draftMessage({ ...draft, subject: 'a\u0000b\u202e' })).head).toContain('Subject: ab\r\n');
    const { head } = parts(
      draftMessage({ ...draft, subject: 'Hi\r\nBcc: eve@evil.example', to: [{ name: 'x\nBcc: eve@evil.example', address: 'a@example.com' }] }),
    );
    expect(head.split('\r\n').filter((line) => line.startsWith('Bcc:'))).toEqual(['Bcc: Ada <ada@example.com>']);
  });
});
