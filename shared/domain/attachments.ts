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

/** A name safe to offer as a file name: no folders, no control characters, never empty. */
export function safeFilename(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned === '' ? fallback : cleaned;
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
 * File types a system would run rather than show: opening one straight from a message is how mail
 * spreads malware, so the reader offers Save only. Lower case, without the dot.
 */
const RUNNABLE_EXTENSIONS = new Set([
  'exe',
  'com',
  'bat',
  'cmd',
  'msi',
  'msp',
  'scr',
  'pif',
  'cpl',
  'hta',
  'jar',
  'js',
  'jse',
  'vbs',
  'vbe',
  'wsf',
  'wsh',
  'ps1',
  'psm1',
  'lnk',
  'reg',
  'inf',
  'dll',
  'app',
  'command',
  'sh',
  'bash',
  'zsh',
  'csh',
  'ksh',
  'run',
  'bin',
  'desktop',
  'appimage',
  'deb',
  'rpm',
  'pkg',
  'dmg',
  'iso',
  'img',
  'vhd',
  'vhdx',
  'py',
  'pl',
  'rb',
  'php',
  'scpt',
  'workflow',
  'action',
  'url',
  'webloc',
  'library-ms',
  'settingcontent-ms',
  'xll',
  'docm',
  'xlsm',
  'pptm',
  'dotm',
  'xltm',
  'potm',
  'ppam',
  'sldm',
]);

export function isRunnable(filename: string): boolean {
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  return filename.includes('.') && RUNNABLE_EXTENSIONS.has(extension);
}
