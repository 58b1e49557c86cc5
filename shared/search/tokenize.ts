/** Han, Hiragana, Katakana and Hangul: scripts written without spaces between words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Text with nothing outside ASCII: most mail, which needs neither Unicode normalization nor Unicode classes. */
// eslint-disable-next-line no-control-regex -- control characters are ASCII too, and must not leave the fast path
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Case and diacritics fall away: "Café" and "cafe" are one word to search. */
export function normalizeText(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  // Final sigma folds to sigma, as case folding does: whether "Σ" lowers to "ς" depends on the letters
  // around it, and "οδος" and "ΟΔΟΣ" are one word. ß is "ss" (STRASSE is Straße), the dotless ı is i
  // (IŞIK is ışık), and the typographic apostrophes of "O’Brien" are the one on the keyboard.
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replaceAll('ς', 'σ')
    .replaceAll('ß', 'ss')
    .replaceAll('ı', 'i')
    .replace(/[\u2019\u02bc]/g, "'");
}

/** Letters and digits of any script, with the joiners that keep "o'brien" and "example.com" whole. */
const SPACED_WORD = /[\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*/gu;
/** An ASCII letter or digit, either case. */
function isAsciiWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** A character that may belong to a word: an ASCII letter or digit, or anything outside ASCII (decided later). */
function mayBeWordChar(code: number): boolean {
  return code >= 128 || isAsciiWordChar(code);
}

/**
 * Cuts text into stretches that can hold words, split at ASCII characters that end a word whatever
 * surrounds them: an ASCII stretch is a word, lower-cased; any other goes to Unicode's classes. ASCII needs no normalization, and normalizing is local
 * to each character, so a stretch gives the words the whole text would give there; most mail is ASCII,
 * or ASCII with a few accented names, and this is where indexing a mailbox spends its time.
 */
function addStretches(text: string, words: Set<string>): void {
  let start = -1;
  // What the stretch being read holds: upper-case ASCII (to be lowered), anything outside ASCII.
  let upper = false;
  let ascii = true;
  const end = text.length;
  for (let at = 0; at <= end; at += 1) {
    const code = at < end ? text.charCodeAt(at) : 0;
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      if (start < 0) {
        start = at;
        upper = false;
        ascii = true;
      }
      continue;
    }
    if ((code >= 65 && code <= 90) || code >= 128) {
      if (start < 0) {
        start = at;
        upper = false;
        ascii = true;
      }
      if (code >= 128) ascii = false;
      else upper = true;
      continue;
    }
    // An apostrophe or a dot between letters joins them: "o'brien", "example.com".
    if (start >= 0 && (code === 39 || code === 46) && at + 1 < end && mayBeWordChar(text.charCodeAt(at + 1))) continue;
    if (start >= 0) {
      const stretch = text.slice(start, at);
      if (!ascii) addUnicodeWords(stretch, words);
      else words.add(upper ? stretch.toLowerCase() : stretch);
    }
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
  const words = new Set<string>();
  addWordsOf(text, words);
  return [...words];
}

/** wordsOf, added to a set: the index gathers a message's words from several fields into one. */
export function addWordsOf(text: string, words: Set<string>): void {
  addStretches(text, words);
}

/**
 * Words outside ASCII, as they were last found: mail repeats the same few names and accented words
 * (a correspondent's name in every message), and finding them is the tokenizer's slow part. Only short
 * stretches are kept: text without spaces (a Japanese paragraph) is one long stretch that never repeats.
 */
const unicodeWordsFound = new Map<string, readonly string[]>();
const UNICODE_WORDS_KEPT = 20_000;
const LONGEST_KEPT_STRETCH = 64;

function addUnicodeWords(stretch: string, words: Set<string>): void {
  let found = unicodeWordsFound.get(stretch);
  if (found === undefined) {
    found = unicodeWordsOf(stretch);
    if (stretch.length <= LONGEST_KEPT_STRETCH) {
      if (unicodeWordsFound.size >= UNICODE_WORDS_KEPT) unicodeWordsFound.clear();
      unicodeWordsFound.set(stretch, found);
    }
  }
  for (const word of found) words.add(word);
}

/**
 * The words of a stretch of text with characters outside ASCII, found with Unicode's classes: what
 * wordsOf finds in any text, more slowly (the tests hold the fast path to it).
 */
export function unicodeWordsOf(text: string): string[] {
  const words = new Set<string>();
  const normalized = normalizeText(text);
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
