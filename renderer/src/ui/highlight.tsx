import type { ReactNode } from 'react';
import { normalizeText } from '../../../shared/search/tokenize';

/** Words and the text between them; a word is marked when it starts with a searched term. */
const WORDS = /([\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*)/u;

export function highlight(text: string, terms: readonly string[]): ReactNode {
  if (terms.length === 0 || text === '') return text;
  return text.split(WORDS).map((part, index) => {
    // split() with a capture group puts the words at odd indexes.
    if (index % 2 === 0) return part;
    const word = normalizeText(part);
    return terms.some((term) => word.startsWith(term)) ? <mark key={index}>{part}</mark> : part;
  });
}
