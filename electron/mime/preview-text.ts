import type { MessageBody } from '../../shared/domain/message';

/** What the message list shows under the subject. */
export const PREVIEW_CHARS = 200;

/** The entities mail actually uses; anything rarer stays as written, which a preview can afford. */
const namedEntities: Readonly<Record<string, string>> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  euro: '€',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  ccedil: 'ç',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  szlig: 'ß',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity[1]?.toLowerCase() === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return namedEntities[entity] ?? namedEntities[entity.toLowerCase()] ?? whole;
  });
}

/**
 * A one-line summary of a body's beginning: no markup, no quoted lines, no signature, whitespace
 * folded. Only ever shown as text, so a rough cut of HTML is enough; nothing here is rendered.
 */
export function previewText(body: MessageBody): string {
  let text = body.text;
  if (body.kind === 'html') {
    text = text
      .replace(/<(head|style|script|title)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
      .replace(/<(br|p|div|li|tr|h[1-6])\b[^>]*>/gi, '\n')
      .replace(/<[^>]*>?/g, ' ');
    text = decodeEntities(text);
  }
  const lines = text.split('\n');
  const signature = lines.findIndex((line) => line === '-- ' || line === '--');
  const kept = (signature === -1 ? lines : lines.slice(0, signature)).filter((line) => !line.trimStart().startsWith('>'));
  const folded = kept.join(' ').replace(/\s+/g, ' ').trim();
  return Array.from(folded).slice(0, PREVIEW_CHARS).join('');
}
