import { describe, expect, it } from 'vitest';
import { normalizeText, unicodeWordsOf, wordsOf } from './tokenize';

describe('words for the search index', () => {
  it('folds case and diacritics and keeps addresses and names with apostrophes whole', () => {
    expect(normalizeText('Crème Brûlée')).toBe('creme brulee');
    expect(wordsOf("Re: O'Brien's invoice — ada@example.com, 2026")).toEqual(['re', "o'brien's", 'invoice', 'ada', 'example.com', '2026']);
  });

  it('splits text without spaces into characters and pairs of characters', () => {
    expect(wordsOf('東京都の会議')).toEqual(['東', '東京', '京', '京都', '都', '都の', 'の', 'の会', '会', '会議', '議']);
    expect(wordsOf('Tokyo東京tower 2026年')).toEqual(['tokyo', '東', '東京', '京', 'tower', '2026', '年']);
    expect(wordsOf('Отчёт за неделю')).toEqual(['отчет', 'за', 'неделю']);
    expect(wordsOf('ΟΔΟΣ οδος')).toEqual(['οδοσ']);
  });
});

describe('the fast path through ASCII', () => {
  // Characters chosen for what they do to words: joiners, case, marks, ligatures, full-width forms,
  // unspaced scripts, and punctuation that normalizes to a joiner.
  const alphabet = [
    'a',
    'Z',
    '9',
    ' ',
    "'",
    '.',
    '-',
    ':',
    ',',
    '@',
    '\t',
    'É',
    'e\u0301',
    '\u0301',
    'ﬁ',
    'Ａ',
    '１',
    '＇',
    '﹒',
    '東',
    '京',
    'ひ',
    'カ',
    '한',
    'Σ',
    'σ',
    'ß',
    'İ',
    'ø',
    '—',
    '…',
    '\u00a0',
  ];

  function sample(seed: number, length: number): string {
    let state = seed;
    let text = '';
    for (let index = 0; index < length; index += 1) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      text += alphabet[state % alphabet.length] ?? '';
    }
    return text;
  }

  it('finds the same words as Unicode classes over the whole text, for thousands of mixed texts', () => {
    for (let seed = 1; seed <= 5000; seed += 1) {
      const text = sample(seed, 1 + (seed % 40));
      expect(new Set(wordsOf(text)), JSON.stringify(text)).toEqual(new Set(unicodeWordsOf(text)));
    }
  });
});
