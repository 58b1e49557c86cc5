import { z } from 'zod';
import { normalizeText } from './tokenize';

/** A search as the user typed it, parsed: what must match, and what must not. */
export interface SearchQuery {
  /** Free words: every one must match some field, as a word prefix ("inv" finds "invoice"). */
  words: string[];
  /** Exact phrases, each found as written (case and diacritics aside). */
  phrases: string[];
  from: string[];
  to: string[];
  subject: string[];
  /** Words none of the fields may contain. */
  excluded: string[];
  hasAttachment: boolean;
  unread: boolean;
  starred: boolean;
  /** Epoch ms: the message is dated before (exclusive) or on/after this day. */
  before: number | null;
  after: number | null;
  folder: string | null;
  account: string | null;
}

export type ParseResult = { ok: true; query: SearchQuery } | { ok: false; hint: string };

export const emptyQuery = (): SearchQuery => ({
  words: [],
  phrases: [],
  from: [],
  to: [],
  subject: [],
  excluded: [],
  hasAttachment: false,
  unread: false,
  starred: false,
  before: null,
  after: null,
  folder: null,
  account: null,
});

/** Terms: a quoted phrase, or a run without spaces; an operator may take a quoted value. */
const TOKEN = /(-?)(?:([a-z]+):)?(?:"([^"]*)"|(\S+))/giy;
/** The operators the language knows; any other word before a colon is searched as text. */
const OPERATORS: ReadonlySet<string> = new Set(['from', 'to', 'subject', 'has', 'is', 'before', 'after', 'in', 'account']);

function parseDate(text: string): number | null {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match === null) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.getMonth() === Number(match[2]) - 1 ? date.getTime() : null;
}

/**
 * Parses the query language: free words, "exact phrase", from:, to:, subject:, has:attachment,
 * is:unread, is:starred, before:/after: (YYYY-MM-DD), in:folder, account:, and -word. A malformed query
 * gets a hint saying what to write instead; it never throws.
 */
export function parseQuery(input: string): ParseResult {
  const query = emptyQuery();
  const text = input.trim();
  if ((text.match(/"/g) ?? []).length % 2 === 1) return { ok: false, hint: 'A quote is not closed: write "exact phrase" with a quote at each end.' };
  let position = 0;
  while (position < text.length) {
    if (/\s/.test(text[position] ?? '')) {
      position += 1;
      continue;
    }
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (match === null) return { ok: false, hint: `Kestrel could not read the search from “${text.slice(position, position + 20)}”.` };
    position = TOKEN.lastIndex;
    const [, negated = '', operatorRaw, quoted, bare] = match;
    const operator = operatorRaw?.toLowerCase();
    const value = (quoted ?? bare ?? '').trim();
    const negative = negated === '-';
    // A word before a colon that names no operator is text: "Re: budget", "Fwd: contract", a URL.
    const asText = operator === undefined || OPERATORS.has(operator) ? null : `${operatorRaw ?? ''}:${value}`;
    if (operator === undefined || asText !== null) {
      const plain = asText ?? value;
      if (plain === '') continue;
      const dangling = /^([a-z]+):$/i.exec(plain);
      if (dangling?.[1] !== undefined && OPERATORS.has(dangling[1].toLowerCase()))
        return { ok: false, hint: `${dangling[1]}: needs a value, for example ${dangling[1]}:${example(dangling[1].toLowerCase())}.` };
      const normalized = normalizeText(plain);
      if (negative) query.excluded.push(normalized);
      else if (quoted !== undefined) query.phrases.push(normalized);
      else query.words.push(normalized);
      continue;
    }
    if (value === '') return { ok: false, hint: `${operator}: needs a value, for example ${operator}:${example(operator)}.` };
    if (negative) return { ok: false, hint: `A minus excludes words only; write -word, not -${operator}:.` };
    switch (operator) {
      case 'from':
      case 'to':
      case 'subject':
        query[operator].push(normalizeText(value));
        break;
      case 'has':
        if (value.toLowerCase() !== 'attachment') return { ok: false, hint: 'has: knows has:attachment only.' };
        query.hasAttachment = true;
        break;
      case 'is': {
        const flag = value.toLowerCase();
        if (flag === 'unread') query.unread = true;
        else if (flag === 'starred') query.starred = true;
        else return { ok: false, hint: 'is: knows is:unread and is:starred.' };
        break;
      }
      case 'before':
      case 'after': {
        const date = parseDate(value);
        if (date === null) return { ok: false, hint: `Write dates as year-month-day, for example ${operator}:2026-01-31.` };
        query[operator] = date;
        break;
      }
      case 'in':
        query.folder = value;
        break;
      case 'account':
        query.account = value.toLowerCase();
        break;
    }
  }
  return { ok: true, query };
}

function example(operator: string): string {
  const examples: Record<string, string> = {
    from: 'ada',
    to: 'grace@example.com',
    subject: 'invoice',
    has: 'attachment',
    is: 'unread',
    before: '2026-01-31',
    after: '2026-01-01',
    in: 'Archive',
    account: 'work@example.com',
  };
  return examples[operator] ?? 'value';
}

/** Whether the query asks for anything at all. */
export function isEmptyQuery(query: SearchQuery): boolean {
  const empty = emptyQuery();
  return JSON.stringify(query) === JSON.stringify(empty);
}

const terms = z.array(z.string().min(1).max(200)).max(50);

/** The parsed query as it crosses to main for the server search. */
export const searchQuerySchema = z
  .object({
    words: terms,
    phrases: terms,
    from: terms,
    to: terms,
    subject: terms,
    excluded: terms,
    hasAttachment: z.boolean(),
    unread: z.boolean(),
    starred: z.boolean(),
    before: z.number().nullable(),
    after: z.number().nullable(),
    folder: z.string().max(1000).nullable(),
    account: z.string().max(1000).nullable(),
  })
  .strict() satisfies z.ZodType<SearchQuery>;
