import type { Address } from '../domain/message';
import type { SearchQuery } from './query';
import { addWordsOf, isUnspaced, normalizeText, wordsOf } from './tokenize';

/** What a message offers to search, from the cache: its header, and its body when that is cached. */
export interface SearchableMessage {
  subject: string;
  from: readonly Address[];
  to: readonly Address[];
  cc: readonly Address[];
  preview: string | null;
  attachmentNames: readonly string[];
  bodyText: string | null;
  date: number;
  flags: readonly string[];
  hasAttachment: boolean;
  path: string;
  accountId: string;
  accountEmail: string;
}

function addressText(addresses: readonly Address[]): string {
  return addresses.map((address) => `${address.name} ${address.address}`).join(' ');
}

interface Field {
  text: string;
  words: string[];
}

/** Runs of spaces, tabs and line breaks as one space: a phrase wraps in a plain-text body. */
function oneSpaced(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function field(text: string): Field {
  return { text: oneSpaced(normalizeText(text)), words: wordsOf(text) };
}

/** A phrase, or an excluded term of several words: those words, in that order, together. */
function hasPhrase(target: Field, phrase: string): boolean {
  return target.text.includes(oneSpaced(phrase));
}

/** A term matches a field when one of its words starts with it; unspaced scripts match anywhere. */
function hasTerm(target: Field, term: string): boolean {
  if (isUnspaced(term)) return target.text.includes(term);
  const parts = wordsOf(term);
  if (parts.length > 1) return target.text.includes(term) || parts.every((part) => target.words.some((word) => word.startsWith(part)));
  // The term's one word, without the punctuation typed around it ("o'brien," is O'Brien); a term of
  // punctuation alone has no word to look for, and restricts nothing, as in the index.
  const [word] = parts;
  return word === undefined || target.words.some((candidate) => candidate.startsWith(word));
}

/** The one definition of a match: the index only narrows the messages this is asked about. */
export function matchesQuery(message: SearchableMessage, query: SearchQuery): boolean {
  if (query.unread && message.flags.includes('\\Seen')) return false;
  if (query.starred && !message.flags.includes('\\Flagged')) return false;
  if (query.hasAttachment && !message.hasAttachment) return false;
  if (query.before !== null && message.date >= query.before) return false;
  if (query.after !== null && message.date < query.after) return false;
  if (
    query.folder !== null &&
    normalizeText(message.path) !== normalizeText(query.folder) &&
    !(query.folder.toLowerCase() === 'inbox' && message.path === 'INBOX')
  )
    return false;
  if (query.account !== null && !message.accountEmail.toLowerCase().includes(query.account)) return false;
  const from = field(addressText(message.from));
  const to = field(addressText([...message.to, ...message.cc]));
  const subject = field(message.subject);
  const rest = field([message.preview ?? '', message.attachmentNames.join(' '), message.bodyText ?? ''].join(' '));
  const all = [from, to, subject, rest];
  if (!query.from.every((term) => hasTerm(from, term))) return false;
  if (!query.to.every((term) => hasTerm(to, term))) return false;
  if (!query.subject.every((term) => hasTerm(subject, term))) return false;
  if (!query.words.every((term) => all.some((target) => hasTerm(target, term)))) return false;
  if (!query.phrases.every((phrase) => all.some((target) => hasPhrase(target, phrase)))) return false;
  // -"foo bar" leaves out the messages that say "foo bar", not every message with both words somewhere.
  return !query.excluded.some((term) => {
    const words = wordsOf(term).length;
    return words > 0 && all.some((target) => (words > 1 ? hasPhrase(target, term) : hasTerm(target, term)));
  });
}

/** The index's words for a message: what a search can start from without reading the message. */
export function indexWords(
  message: Pick<SearchableMessage, 'subject' | 'from' | 'to' | 'cc' | 'preview' | 'attachmentNames'>,
  bodyText: string | null,
): string[] {
  const words = new Set<string>();
  const fromWords = wordsOf(addressText(message.from));
  for (const word of fromWords) words.add(word).add(senderWord(word));
  addWordsOf(message.subject, words);
  addWordsOf(addressText([...message.to, ...message.cc]), words);
  if (message.preview !== null) addWordsOf(message.preview, words);
  for (const name of message.attachmentNames) addWordsOf(name, words);
  // Bodies add their first words only: enough to find a message by what it says, without the index
  // growing with every long newsletter.
  if (bodyText !== null) addWordsOf(bodyText.slice(0, BODY_INDEX_CHARS), words);
  return [...words].filter((word) => word.length <= MAX_WORD_LENGTH);
}

/**
 * Sender words are indexed a second time, marked, so that `from:ada` reads only the messages Ada sent
 * and not every message that mentions her. The mark cannot begin a word of text.
 */
export const SENDER_MARK = '\u0001';

export function senderWord(word: string): string {
  return SENDER_MARK + word;
}

const BODY_INDEX_CHARS = 4000;
const MAX_WORD_LENGTH = 60;
