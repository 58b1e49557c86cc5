import { describe, expect, it } from 'vitest';
import { formatAddressList, parseAddressList } from './address-list';
import { parseMailto } from './mailto';

describe('mailto: links (RFC 6068)', () => {
  it('fills recipients, subject and body, decoding %-escapes as UTF-8', () => {
    const parsed = parseMailto('mailto:ada@example.com,bob@example.org?cc=carol@example.net&subject=Caf%C3%A9%20at%203%3F&body=Line%201%0D%0ALine+2');
    expect(parsed).toEqual({
      ok: true,
      fields: {
        to: [
          { name: '', address: 'ada@example.com' },
          { name: '', address: 'bob@example.org' },
        ],
        cc: [{ name: '', address: 'carol@example.net' }],
        bcc: [],
        subject: 'Café at 3?',
        text: 'Line 1\nLine+2',
      },
    });
  });

  it('adds to= fields to the addresses before the ?, and takes header names in any case', () => {
    const parsed = parseMailto('mailto:?TO=ada@example.com&To=bob@example.org&BCC=eve@example.com');
    expect(parsed.ok && parsed.fields.to.map((address) => address.address)).toEqual(['ada@example.com', 'bob@example.org']);
    expect(parsed.ok && parsed.fields.bcc.map((address) => address.address)).toEqual(['eve@example.com']);
  });

  it('ignores header fields a link must not set, and keeps a subject on one line', () => {
    const parsed = parseMailto(
      'mailto:ada@example.com?from=boss@example.com&reply-to=x@evil.example&subject=Hi%0D%0ABcc:%20x@evil.example&x-extra=1',
    );
    expect(parsed).toEqual({
      ok: true,
      fields: { to: [{ name: '', address: 'ada@example.com' }], cc: [], bcc: [], subject: 'Hi Bcc: x@evil.example', text: '' },
    });
  });

  it('leaves out the fragment, and controls and direction overrides in a subject', () => {
    expect(parseMailto('mailto:ada@example.com?subject=Invoice%20%E2%80%AEfdp.exe%00#top')).toEqual({
      ok: true,
      fields: { to: [{ name: '', address: 'ada@example.com' }], cc: [], bcc: [], subject: 'Invoice fdp.exe', text: '' },
    });
  });

  it('explains a link that cannot be read instead of guessing', () => {
    expect(parseMailto('https://example.com')).toEqual({ ok: false, hint: 'This is not an email link.' });
    expect(parseMailto('mailto:ada@example.com?subject=%E0%A4%A')).toMatchObject({ ok: false, hint: expect.stringContaining('%-escape') as string });
    expect(parseMailto('mailto:not-an-address')).toEqual({ ok: false, hint: '“not-an-address” is not an email address.' });
    expect(parseMailto(`mailto:a@example.com?body=${'x'.repeat(300_000)}`)).toMatchObject({ ok: false });
  });
});

describe('address lists as people type them', () => {
  it('reads names, quoted names with commas, bare addresses, and either separator', () => {
    expect(parseAddressList('Ada Lovelace <ada@example.com>, "Doe, Jane" <jane@example.org>; bob@example.net,')).toEqual({
      ok: true,
      addresses: [
        { name: 'Ada Lovelace', address: 'ada@example.com' },
        { name: 'Doe, Jane', address: 'jane@example.org' },
        { name: '', address: 'bob@example.net' },
      ],
    });
    expect(parseAddressList('   ')).toEqual({ ok: true, addresses: [] });
  });

  it('writes an internationalized domain as mail carries it, and refuses what mail cannot carry', () => {
    expect(parseAddressList('Léa <lea@exämple.com>')).toEqual({ ok: true, addresses: [{ name: 'Léa', address: 'lea@xn--exmple-cua.com' }] });
    expect(parseAddressList('jürgen@example.com').ok).toBe(false);
    expect(parseAddressList('ada..lovelace@example.com').ok).toBe(false);
  });

  it('keeps escaped quotes inside quoted names, and backslashes in plain ones', () => {
    expect(parseAddressList('"Doe \\"Jr, III\\" Jane" <jane@example.org>, Back\\slash <b@example.org>')).toEqual({
      ok: true,
      addresses: [
        { name: 'Doe "Jr, III" Jane', address: 'jane@example.org' },
        { name: 'Back\\slash', address: 'b@example.org' },
      ],
    });
  });

  it('names the entry that is not an address', () => {
    expect(parseAddressList('ada@example.com, Bob')).toEqual({ ok: false, hint: '“Bob” is not an email address.' });
    expect(parseAddressList('Ada <ada at example.com>')).toEqual({ ok: false, hint: '“Ada <ada at example.com>” is not an email address.' });
  });

  it('writes a list back so that it reads the same', () => {
    const addresses = [
      { name: 'Doe, Jane', address: 'jane@example.org' },
      { name: 'Doe "Jr, III" Jane', address: 'jr@example.org' },
      { name: 'Back\\slash', address: 'b@example.org' },
      { name: 'Ada "the Countess" Lovelace', address: 'ada@example.com' },
      { name: '', address: 'bob@example.net' },
    ];
    expect(parseAddressList(formatAddressList(addresses))).toEqual({ ok: true, addresses });
  });
});
