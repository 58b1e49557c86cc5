import { describe, expect, it } from 'vitest';
import { normalizeText, wordsOf } from './tokenize';

describe('words for the search index', () => {
  it('folds case and diacritics and keeps addresses and names with apostrophes whole', () => {
    expect(normalizeText('Crème Brûlée')).toBe('creme brulee');
    expect(wordsOf("Re: O'Brien's invoice — ada@example.com, 2026")).toEqual(['re', "o'brien's", 'invoice', 'ada', 'example.com', '2026']);
  });

  it('splits text without spaces into words and characters', () => {
    const words = wordsOf('東京都の会議');
    expect(words).toEqual(expect.arrayContaining(['東', '京', '都', '会', '議']));
    expect(wordsOf('Отчёт за неделю')).toEqual(['отчет', 'за', 'неделю']);
  });
});
