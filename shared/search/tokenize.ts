/** Han, Hiragana, Katakana and Hangul: scripts written without spaces between words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Case and diacritics fall away: "Café" and "cafe" are one word to search. */
export function normalizeText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
/** Letters and digits of any script, with the joiners that keep "o'brien" and "example.com" whole. */
const SPACED_WORD = /[\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*/gu;

/**
 * The words of a text, normalized, as the index keeps them. Text written without spaces (Chinese,
 * Japanese, Korean) goes through Unicode word segmentation and also gives each character, so that any
 * part of it can be found however the segmenter cut it; other text splits on what is not a letter or
 * digit, which is many times faster and cuts the same words.
 */
export function wordsOf(text: string): string[] {
  const normalized = normalizeText(text);
  const words = new Set<string>();
  if (!UNSPACED.test(normalized)) {
    for (const [word] of normalized.matchAll(SPACED_WORD)) words.add(word);
    return [...words];
  }
  for (const { segment, isWordLike } of segmenter.segment(normalized)) {
    if (isWordLike !== true) continue;
    words.add(segment);
    if (UNSPACED.test(segment)) for (const char of segment) if (UNSPACED.test(char)) words.add(char);
  }
  return [...words];
}

/** Whether a query term is written in an unspaced script (then it is searched by its characters). */
export function isUnspaced(term: string): boolean {
  return UNSPACED.test(term);
}
