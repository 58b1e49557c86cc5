import { describe, expect, it } from 'vitest';
import { normalizeText, wordsOf } from './tokenize';

describe('words for the search index', () => {
  it('folds case and diacritics and keeps addresses and names with apostrophes whole', () => {
    expect(normalizeText('Crème Brûlée')).toBe('creme brulee');
    expect(wordsOf("Re: O'Brien's invoice — ada@example.com, 2026")).toEqual(['re', "o'brien's", 'invoice', 'ada', 'example.com', '2026']);
  });

  it('splits text without spaces into characters and pairs of characters', () => {
    expect(wordsOf('東京都の会議')).toEqual(['東', '東京', '京', '京都', '都', '都の', 'の', 'の会', '会', '会議', '議']);
    expect(wordsOf('Tokyo東京tower 2026年')).toEqual(['tokyo', '東', '東京', '京', 'tower', '2026', '年']);
    expect(wordsOf('Отчёт за неделю')).toEqual(['отчет', 'за', 'неделю']);
  });
});
