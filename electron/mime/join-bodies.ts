import type { MessageBody } from '../../shared/domain/message';
import { DEFAULT_MAX_DISPLAY_CHARS, truncateAt } from './decode-part';

const NOTHING_TO_SHOW: MessageBody = { kind: 'none', text: '', truncated: false };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${String(char.charCodeAt(0))};`);
}

/**
 * The text parts of one message, decoded, as the one body the reader shows, in their order: plain text
 * joined by line breaks, or HTML when any part is HTML (the plain parts kept as written, line breaks and
 * all). Capped like a single part.
 */
export function joinBodies(bodies: readonly MessageBody[], maxChars: number = DEFAULT_MAX_DISPLAY_CHARS): MessageBody {
  const shown = bodies.filter((body) => body.kind !== 'none');
  const [first] = shown;
  if (first === undefined) return NOTHING_TO_SHOW;
  if (shown.length === 1) return first;
  const html = shown.some((body) => body.kind === 'html');
  const text = shown
    .map((body) => (!html || body.kind === 'html' ? body.text : `<div style="white-space: pre-wrap">${escapeHtml(body.text)}</div>`))
    .join('\n');
  const capped = text.length > maxChars;
  return {
    kind: html ? 'html' : 'plain',
    text: capped ? truncateAt(text, maxChars) : text,
    truncated: capped || shown.some((body) => body.truncated),
  };
}
