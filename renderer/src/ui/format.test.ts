import { describe, expect, it } from 'vitest';
import { formatAddress, formatListDate, linkTargetText, senderName } from './format';

describe('formatListDate', () => {
  const now = new Date(2026, 10, 26, 15, 0);

  it('shows the time for mail from today', () => {
    const text = formatListDate(new Date(2026, 10, 26, 9, 5).getTime(), now);
    expect(text).toMatch(/09.05|9.05/);
    expect(text).not.toMatch(/2026/);
  });

  it('shows the day without the year for mail from this year', () => {
    const text = formatListDate(new Date(2026, 2, 3, 9, 5).getTime(), now);
    expect(text).toMatch(/3/);
    expect(text).not.toMatch(/2026|09.05/);
  });

  it('shows the year for older mail', () => {
    expect(formatListDate(new Date(2019, 2, 3).getTime(), now)).toMatch(/2019/);
  });
});

describe('what a message says, shown without direction controls', () => {
  it('does not let a name or address reorder itself', () => {
    expect(formatAddress({ name: 'PayPal Service \u202E', address: 'moc.lapyap@ecivres.example' })).toBe(
      'PayPal Service  <moc.lapyap@ecivres.example>',
    );
    expect(senderName([{ name: '\u2067Ada\u2069', address: 'ada@kestrel.test' }])).toBe('Ada');
  });

  it('shows a link target as the URL parser reads it', () => {
    expect(linkTargetText('https://\u202Emoc.lapyap.www@evil.example/')).toBe('https://%E2%80%AEmoc.lapyap.www@evil.example/');
    expect(linkTargetText('not a url \u202E')).toBe('not a url ');
  });
});
