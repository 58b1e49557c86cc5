import { describe, expect, it } from 'vitest';
import { matchesQuery, type SearchableMessage } from './match';
import { parseQuery } from './query';

const message: SearchableMessage = {
  subject: 'Quarterly report',
  from: [{ name: "O'Brien, Pat", address: 'pat@example.org' }],
  to: [{ name: 'Ada', address: 'ada@example.com' }],
  cc: [],
  preview: 'Numbers attached.',
  attachmentNames: [],
  bodyText: null,
  date: 0,
  flags: [],
  hasAttachment: false,
  path: 'INBOX',
  accountId: 'a',
  accountEmail: 'ada@example.com',
};

function matches(text: string): boolean {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.hint);
  return matchesQuery(message, parsed.query);
}

describe('matching a query', () => {
  it('looks for the words of a term, not the punctuation typed around them', () => {
    expect(matches("from:o'brien,")).toBe(true);
    expect(matches('report.')).toBe(true);
    expect(matches('from:ada')).toBe(false);
  });

  it('lets a term of punctuation alone restrict nothing, included or excluded', () => {
    expect(matches('report ,')).toBe(true);
    expect(matches('report -,')).toBe(true);
    expect(matches('-report')).toBe(false);
  });

  it('finds a phrase the body wraps across lines, and leaves out only messages that say an excluded phrase', () => {
    const wrapped = { ...message, bodyText: 'We meet next\nweek,  then the quarterly  numbers.' };
    const check = (text: string): boolean => {
      const parsed = parseQuery(text);
      if (!parsed.ok) throw new Error(parsed.hint);
      return matchesQuery(wrapped, parsed.query);
    };
    expect(check('"next week"')).toBe(true);
    expect(check('"quarterly numbers"')).toBe(true);
    expect(check('report -"numbers week"')).toBe(true);
    expect(check('report -"next week"')).toBe(false);
  });
});
