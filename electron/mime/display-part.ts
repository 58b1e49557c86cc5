import type { BodyStructureNode } from '../../shared/domain/message';

/** The body part a message view shows, and what is needed to fetch and decode it. */
export interface DisplayPart {
  /** IMAP part id to fetch, e.g. "1.2"; "1" for a single-part message. */
  part: string;
  type: 'text/plain' | 'text/html';
  charset: string | null;
  /** Lowercase Content-Transfer-Encoding, or null when the server reported none. */
  encoding: string | null;
  size: number | null;
  /** format=flowed plain text (RFC 3676), and whether its soft breaks' spaces are to be deleted. */
  flowed?: { delsp: boolean };
}

/**
 * Deeper nesting than this is no real mailer's output; stopping there bounds recursion on hostile
 * structures (and on cyclic ones, should a caller ever build one in memory).
 */
export const MAX_STRUCTURE_DEPTH = 20;

/**
 * Whether a part may be shown even though it carries a file name. Alternatives and the root of a
 * multipart/related are the message body by construction, and some mailers name them anyway; parts of
 * a multipart/mixed (or of the message itself) are attachments when they carry a name.
 */
type Role = 'body' | 'strict';

/** The most text parts one message view joins; more is no mailer's output. */
export const MAX_DISPLAY_PARTS = 20;

/**
 * Picks the parts to show as the message body, in order: the richest alternative (HTML over plain text),
 * the root of a multipart/related, and every inline text part of a multipart/mixed, since mailers put
 * text after pictures there (iOS: text, photo, text; Apple Mail: HTML, picture, HTML) and the text after
 * the first picture is the message too. Embedded messages (message/rfc822) are not entered: they are
 * shown as attachments. Empty when the message has nothing to show as text, including when only
 * attachments or other text types (text/calendar, text/enriched) are present.
 */
export function pickDisplayParts(structure: BodyStructureNode, prefer: Preference = 'html'): DisplayPart[] {
  if (!isNode(structure)) {
    return [];
  }
  // BODY[1] of a single-part message is its body; imapflow leaves the root without a part id.
  const rootId = isMultipart(structure) ? '' : (validPartId(structure.part) ?? '1');
  return pick(structure, rootId, 0, 'strict', prefer).slice(0, MAX_DISPLAY_PARTS);
}

/** The first part to show: what a preview or a single-part fetch needs. */
export function pickDisplayPart(structure: BodyStructureNode, prefer: Preference = 'html'): DisplayPart | null {
  return pickDisplayParts(structure, prefer)[0] ?? null;
}

/**
 * Which alternative wins: HTML for the reader; plain text for a preview, whose first words an HTML part
 * hides behind its head (Outlook's style sheets alone run to several kilobytes).
 */
export type Preference = 'html' | 'plain';

function pick(node: BodyStructureNode, id: string, depth: number, role: Role, prefer: Preference): DisplayPart[] {
  if (depth > MAX_STRUCTURE_DEPTH) {
    return [];
  }
  const type = mediaType(node);
  if (type.startsWith('multipart/')) {
    const children = childrenOf(node, id);
    if (type === 'multipart/alternative') {
      return pickAlternative(children, depth, prefer);
    }
    if (type === 'multipart/related') {
      return pickRelated(node, children, depth, prefer);
    }
    return pickAll(children, depth, prefer);
  }
  // RFC 2045 5.2: a Content-Type that cannot be parsed (servers report it as "/") means text/plain.
  const shown = isMediaType(type) ? type : 'text/plain';
  if ((shown === 'text/plain' || shown === 'text/html') && !isAttachment(node, role)) {
    return [toDisplayPart(node, id, shown)];
  }
  return [];
}

/** `type/subtype` made of RFC 2045 token characters. */
function isMediaType(type: string): boolean {
  return /^[a-z0-9!#$%&'*+.^_`{|}~-]+\/[a-z0-9!#$%&'*+.^_`{|}~-]+$/.test(type);
}

interface Child {
  node: BodyStructureNode;
  id: string;
}

/**
 * Later alternatives are the richer ones (RFC 2046 5.1.4), so the last of the preferred type wins, then
 * the last of the other. An alternative made of several parts is of the type of its first.
 */
function pickAlternative(children: readonly Child[], depth: number, prefer: Preference): DisplayPart[] {
  const preferred = prefer === 'html' ? 'text/html' : 'text/plain';
  let other: DisplayPart[] = [];
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i];
    const found = child === undefined ? [] : pick(child.node, child.id, depth + 1, 'body', prefer);
    if (found[0]?.type === preferred) {
      return found;
    }
    if (other.length === 0) other = found;
  }
  return other;
}

/** The root is named by the `start` parameter (RFC 2387) or is the first part. */
function pickRelated(node: BodyStructureNode, children: readonly Child[], depth: number, prefer: Preference): DisplayPart[] {
  const start = normalizeContentId(parameter(node.parameters, 'start'));
  const root = (start === '' ? undefined : children.find((c) => normalizeContentId(c.node.id) === start)) ?? children[0];
  if (root === undefined) {
    return [];
  }
  const found = pick(root.node, root.id, depth + 1, 'body', prefer);
  if (found.length > 0) return found;
  // A root that cannot be shown leaves the other parts; any inline text among them beats a blank view.
  for (const child of children) {
    if (child === root) continue;
    const other = pick(child.node, child.id, depth + 1, 'strict', prefer);
    if (other.length > 0) return other;
  }
  return [];
}

/** multipart/mixed and every multipart subtype without rules of its own (signed, report, ...). */
function pickAll(children: readonly Child[], depth: number, prefer: Preference): DisplayPart[] {
  return children.flatMap((child) => pick(child.node, child.id, depth + 1, 'strict', prefer));
}

function isAttachment(node: BodyStructureNode, role: Role): boolean {
  const disposition = typeof node.disposition === 'string' ? node.disposition.trim().toLowerCase() : '';
  if (disposition === 'attachment') {
    return true;
  }
  if (role === 'body' || disposition === 'inline') {
    return false;
  }
  return hasFileName(node);
}

function hasFileName(node: BodyStructureNode): boolean {
  return (
    parameter(node.dispositionParameters, 'filename') !== '' ||
    parameter(node.parameters, 'name') !== '' ||
    // RFC 2231 continuations and charset-tagged names, should a server pass them through undecoded.
    parameter(node.dispositionParameters, 'filename*') !== '' ||
    parameter(node.parameters, 'name*') !== ''
  );
}

function toDisplayPart(node: BodyStructureNode, id: string, type: DisplayPart['type']): DisplayPart {
  const charset = parameter(node.parameters, 'charset');
  const encoding = typeof node.encoding === 'string' ? node.encoding.trim().toLowerCase() : '';
  const size = typeof node.size === 'number' && Number.isFinite(node.size) && node.size >= 0 ? node.size : null;
  const flowed = type === 'text/plain' && parameter(node.parameters, 'format').toLowerCase() === 'flowed';
  return {
    part: id,
    type,
    charset: charset === '' ? null : charset,
    encoding: encoding === '' ? null : encoding,
    size,
    ...(flowed ? { flowed: { delsp: parameter(node.parameters, 'delsp').toLowerCase() === 'yes' } } : {}),
  };
}

function childrenOf(node: BodyStructureNode, id: string): Child[] {
  const nodes = Array.isArray(node.childNodes) ? node.childNodes : [];
  const children: Child[] = [];
  nodes.forEach((child, index) => {
    if (isNode(child)) {
      const computed = id === '' ? String(index + 1) : `${id}.${index + 1}`;
      children.push({ node: child, id: validPartId(child.part) ?? computed });
    }
  });
  return children;
}

function mediaType(node: BodyStructureNode): string {
  return node.type.trim().toLowerCase();
}

function isMultipart(node: BodyStructureNode): boolean {
  return mediaType(node).startsWith('multipart/');
}

function isNode(value: unknown): value is BodyStructureNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function validPartId(part: unknown): string | undefined {
  return typeof part === 'string' && /^[1-9]\d*(\.[1-9]\d*)*$/.test(part) ? part : undefined;
}

/** Parameter lookup that tolerates servers and libraries that keep the attribute's original case. */
function parameter(params: Record<string, string> | undefined, name: string): string {
  if (params === undefined) {
    return '';
  }
  const direct = params[name];
  const value = direct ?? Object.entries(params).find(([key]) => key.toLowerCase() === name)?.[1];
  return typeof value === 'string' ? value.trim() : '';
}

function normalizeContentId(id: string | undefined): string {
  return typeof id === 'string' ? id.trim().replace(/^<|>$/g, '').trim() : '';
}
