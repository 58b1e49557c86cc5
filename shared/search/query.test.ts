import { describe, expect, it } from 'vitest';
import { emptyQuery, parseQuery } from './query';

describe('the search query language', () => {
  it('reads free words, phrases and every operator', () => {
    const parsed = parseQuery(
      'Invoice "Quarterly Report" from:Ada to:grace@example.com subject:Budget has:attachment is:unread is:starred before:2026-02-01 after:2026-01-01 in:Archive account:work -spam',
    );
    expect(parsed).toEqual({
      ok: true,
      query: {
        ...emptyQuery(),
        words: ['invoice'],
        phrases: ['quarterly report'],
        from: ['ada'],
        to: ['grace@example.com'],
        subject: ['budget'],
        excluded: ['spam'],
        hasAttachment: true,
        unread: true,
        starred: true,
        before: new Date(2026, 1, 1).getTime(),
        after: new Date(2026, 0, 1).getTime(),
        folder: 'Archive',
        account: 'work',
      },
    });
  });

  it('folds case and diacritics, and takes quoted operator values', () => {
    expect(parseQuery('Café from:"Jürgen Weiß"')).toMatchObject({ ok: true, query: { words: ['cafe'], from: ['jurgen weiss'] } });
  });

  it('answers malformed queries with a hint, never an exception', () => {
    for (const input of ['"unclosed', 'from:', 'is:read', 'has:pdf', 'before:yesterday', 'before:2026-02-30', '-from:ada']) {
      const parsed = parseQuery(input);
      expect(parsed.ok, input).toBe(false);
      if (!parsed.ok) expect(parsed.hint.length).toBeGreaterThan(10);
    }
    expect(parseQuery('   ')).toEqual({ ok: true, query: emptyQuery() });
  });

  it('searches a word before a colon that names no operator as text: a pasted subject, a URL', () => {
    expect(parseQuery('Re: budget')).toMatchObject({ ok: true, query: { words: ['re:', 'budget'] } });
    expect(parseQuery('Fwd: contract -colour:red')).toMatchObject({ ok: true, query: { words: ['fwd:', 'contract'], excluded: ['colour:red'] } });
    expect(parseQuery('https://example.com/x')).toMatchObject({ ok: true, query: { words: ['https://example.com/x'] } });
  });
});
