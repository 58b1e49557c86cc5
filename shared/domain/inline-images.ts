import type { BodyStructureNode } from './message';

/** Types shown inline; SVG is left out, since it is a document that can carry script and links. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const MAX_DEPTH = 20;

export interface InlineImagePart {
  part: string;
  /** The Content-ID, without angle brackets: what `cid:` URLs in the HTML name. */
  cid: string;
  type: string;
  encoding: string | null;
  size: number;
}

/** Images a message's HTML can reference by `cid:`, from BODYSTRUCTURE. */
export function inlineImageParts(structure: BodyStructureNode): InlineImagePart[] {
  const found: InlineImagePart[] = [];
  const visit = (node: BodyStructureNode, id: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    const type = node.type.toLowerCase();
    if (type.startsWith('multipart/')) {
      (node.childNodes ?? []).forEach((child, index) => {
        visit(child, child.part ?? (id === '' ? String(index + 1) : `${id}.${index + 1}`), depth + 1);
      });
      return;
    }
    const cid = node.id?.trim().replace(/^<|>$/g, '');
    if (cid !== undefined && cid !== '' && INLINE_TYPES.has(type))
      found.push({ part: node.part ?? (id === '' ? '1' : id), cid, type, encoding: node.encoding ?? null, size: node.size ?? 0 });
  };
  visit(structure, '', 0);
  return found;
}

export function referencesInlineImages(html: string): boolean {
  return /\bsrc\s*=\s*["']?\s*cid:/i.test(html);
}
