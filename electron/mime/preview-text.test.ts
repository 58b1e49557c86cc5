import { describe, expect, it } from 'vitest';
import { PREVIEW_CHARS, previewText } from './preview-text';

describe('previewText', () => {
  it('folds plain text, drops quoted lines and the signature', () => {
    expect(previewText({ kind: 'plain', text: 'Hi Ada,\n\n> old stuff\nSee you at  noon.\n-- \nBob', truncated: false })).toBe(
      'Hi Ada, See you at noon.',
    );
  });

  it('reads HTML as text, without styles, scripts or entities', () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><p>Caf&eacute; &amp; cr&#232;me</p><script>x()</script><div>Done&nbsp;now</div>';
    expect(previewText({ kind: 'html', text: html, truncated: false })).toBe('Café & crème Done now');
  });

  it('stops at the preview length without splitting a character', () => {
    const preview = previewText({ kind: 'plain', text: '😀'.repeat(500), truncated: true });
    expect(Array.from(preview)).toHaveLength(PREVIEW_CHARS);
  });
});
