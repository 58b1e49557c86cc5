/** Han, Hiragana, Katakana and Hangul: scripts written without spaces between words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Text with nothing outside ASCII: most mail, which needs neither Unicode normalization nor Unicode classes. */
// eslint-disable-next-line no-control-regex -- control characters are ASCII too, and must not leave the fast path
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Case and diacritics fall away: "Café" and "cafe" are one word to search. */
export function normalizeText(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Letters and digits of any script, with the joiners that keep "o'brien" and "example.com" whole. */
const SPACED_WORD = /[\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*/gu;
/** A lower-case ASCII letter or digit. */
function isAsciiWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/**
 * The words SPACED_WORD finds, in lower-case ASCII text, found by a scan instead of a regular
 * expression: most mail is ASCII, and this is where indexing a mailbox spends its time.
 */
function addAsciiWords(text: string, words: Set<string>): void {
  let start = -1;
  for (let at = 0; at <= text.length; at += 1) {
    const code = at < text.length ? text.charCodeAt(at) : 0;
    if (isAsciiWordChar(code)) {
      if (start < 0) start = at;
      continue;
    }
    // An apostrophe or a dot between letters joins them: "o'brien", "example.com".
    if (start >= 0 && (code === 39 || code === 46) && isAsciiWordChar(text.charCodeAt(at + 1))) continue;
    if (start >= 0) words.add(text.slice(start, at));
    start = -1;
  }
}

/** One run of unspaced characters, or one run of anything else, within a word. */
const SCRIPT_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/**
 * Text written without spaces is indexed by its characters and their pairs (bigrams), as full-text
 * engines index CJK: any part of a sentence is then found by the pairs it holds, however a dictionary
 * would have cut it into words, and without a dictionary's cost.
 */
function addUnspacedRun(run: string, words: Set<string>): void {
  const chars = Array.from(run);
  for (const [index, char] of chars.entries()) {
    words.add(char);
    const next = chars[index + 1];
    if (next !== undefined) words.add(char + next);
  }
}

/**
 * The words of a text, normalized, as the index keeps them: letters and digits of any script, with the
 * joiners of "o'brien" and "example.com"; in unspaced scripts (Chinese, Japanese, Korean), characters
 * and pairs of characters. ASCII text, most mail, takes a fast path that finds the same words.
 */
export function wordsOf(text: string): string[] {
  const normalized = normalizeText(text);
  const words = new Set<string>();
  if (ASCII_ONLY.test(normalized)) {
    addAsciiWords(normalized, words);
    return [...words];
  }
  const unspaced = UNSPACED.test(normalized);
  for (const [word] of normalized.matchAll(SPACED_WORD)) {
    if (!unspaced || !UNSPACED.test(word)) {
      words.add(word);
      continue;
    }
    for (const [run] of word.matchAll(SCRIPT_RUN)) {
      if (UNSPACED.test(run)) addUnspacedRun(run, words);
      else for (const [part] of run.matchAll(SPACED_WORD)) words.add(part);
    }
  }
  return [...words];
}

/** Whether a query term is written in an unspaced script (then it is searched by its characters). */
export function isUnspaced(term: string): boolean {
  return UNSPACED.test(term);
}
