import { withoutDirectionControls } from './direction-controls';
import type { BodyStructureNode } from './message';

export interface AttachmentInfo {
  /** IMAP part number to fetch it by. */
  part: string;
  filename: string;
  type: string;
  /** Decoded size in bytes, estimated from the encoded size BODYSTRUCTURE reports. */
  size: number;
}

const MAX_DEPTH = 20;
const MAX_ATTACHMENTS = 200;

function parameter(record: Record<string, string> | undefined, name: string): string | undefined {
  if (record === undefined) return undefined;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : record[key];
}

/** Names Windows keeps for devices, with any extension: a file cannot be called CON or nul.txt. */
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A name safe to offer as a file name: no folders, no control characters, nothing that reorders how it
 * reads ("Invoice_\u202Efdp.exe" shows as "…exe.pdf"), no dots or spaces at its end (Windows drops them,
 * so "invoice.exe." would be written as invoice.exe), never a device name, never empty.
 */
export function safeFilename(name: string | undefined, fallback: string): string {
  const base = withoutDirectionControls((name ?? '').split(/[\\/]/).pop() ?? '');
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 200)
    // Spaces of any kind and dots at the end, after trimming, which would otherwise leave "invoice.exe." behind.
    .replace(/[.\s]+$/u, '')
    .trim();
  if (cleaned === '') return fallback;
  return WINDOWS_DEVICE_NAMES.test(cleaned) ? `_${cleaned}` : cleaned;
}

/** Base64 in mail: 4 characters for 3 bytes, in lines of 76 characters plus CRLF. */
const BASE64_BYTES_PER_ENCODED = (3 / 4) * (76 / 78);

function decodedSize(node: BodyStructureNode): number {
  const size = node.size ?? 0;
  return node.encoding?.toLowerCase() === 'base64' ? Math.floor(size * BASE64_BYTES_PER_ENCODED) : size;
}

/**
 * Everything a reader lists as an attachment: parts marked as attachments, and named non-text leaves.
 * Forwarded messages (message/rfc822) count as one attachment each; their own parts are not listed.
 */
export function listAttachments(structure: BodyStructureNode): AttachmentInfo[] {
  const found: AttachmentInfo[] = [];
  const visit = (node: BodyStructureNode, id: string, depth: number): void => {
    if (depth > MAX_DEPTH || found.length >= MAX_ATTACHMENTS) return;
    const type = node.type.toLowerCase();
    const children = node.childNodes ?? [];
    if (type.startsWith('multipart/')) {
      children.forEach((child, index) => {
        visit(child, child.part ?? (id === '' ? String(index + 1) : `${id}.${index + 1}`), depth + 1);
      });
      return;
    }
    const part = node.part ?? (id === '' ? '1' : id);
    const name = parameter(node.dispositionParameters, 'filename') ?? parameter(node.parameters, 'name');
    const marked = node.disposition?.toLowerCase() === 'attachment';
    const namedNonText = name !== undefined && !type.startsWith('text/');
    if (marked || namedNonText || type === 'message/rfc822') {
      const fallback = type === 'message/rfc822' ? 'forwarded-message.eml' : `attachment-${part}`;
      found.push({ part, filename: safeFilename(name, fallback), type, size: decodedSize(node) });
    }
  };
  visit(structure, '', 0);
  return found;
}

/**
 * File types a system shows rather than runs, which the reader may open straight from a message. A list
 * of what is known to be safe, not of what is known to be dangerous: new runnable types appear every year
 * (.appinstaller, .one, .terminal), and a missed one would run at a click. Documents that can carry macros
 * (legacy Office, the -m formats), HTML and SVG (scripts in a browser) are left to Save. Lower case,
 * without the dot.
 */
const OPENABLE_EXTENSIONS = new Set([
  'pdf',
  'txt',
  'csv',
  'ics',
  'vcf',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'heic',
  'bmp',
  'tif',
  'tiff',
  'mp3',
  'm4a',
  'wav',
  'ogg',
  'flac',
  'mp4',
  'm4v',
  'mov',
  'webm',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'pages',
  'numbers',
  'key',
  'eml',
]);

export function opensSafely(filename: string): boolean {
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  return filename.includes('.') && OPENABLE_EXTENSIONS.has(extension);
}
