import type { BodyStructureNode } from './message';

/**
 * Labels a picture the reader can show (PNG, JPEG, GIF, WebP) goes by, the wrong ones mailers use included
 * (`image/jpg`, `image/pjpeg`, `image/x-png`, octet-stream). What is shown is decided by the bytes (see
 * `inlineImageType`); types the reader never shows (SVG, TIFF, HEIC) are not fetched at all.
 */
const MAY_BE_SHOWN = new Set([
  'image/png',
  'image/x-png',
  'image/jpeg',
  'image/jpg',
  'image/pjpeg',
  'image/gif',
  'image/webp',
  'application/octet-stream',
]);

function mayBeImage(type: string): boolean {
  return MAY_BE_SHOWN.has(type);
}
const MAX_DEPTH = 20;

/**
 * The type a picture's bytes say it is, among those shown inline; null for anything else. SVG is left out,
 * since it is a document that can carry script and links.
 */
export function inlineImageType(bytes: Uint8Array): 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | null {
  const starts = (...signature: number[]): boolean => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return null;
}

export interface InlineImagePart {
  part: string;
  /** The Content-ID, without angle brackets: what `cid:` URLs in the HTML name. */
  cid: string;
  /** As the message labels it; what is shown is decided by the bytes. */
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
    if (cid !== undefined && cid !== '' && mayBeImage(type))
      found.push({ part: node.part ?? (id === '' ? '1' : id), cid, type, encoding: node.encoding ?? null, size: node.size ?? 0 });
  };
  visit(structure, '', 0);
  return found;
}

export function referencesInlineImages(html: string): boolean {
  return /\bsrc\s*=\s*["']?\s*cid:/i.test(html);
}
