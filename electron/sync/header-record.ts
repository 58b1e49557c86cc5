import type { FetchMessageObject, MessageAddressObject, MessageStructureObject } from 'imapflow';
import { withoutDirectionControls } from '../../shared/domain/direction-controls';
import { headerLimits, type Address, type BodyStructureNode, type MessageHeader } from '../../shared/domain/message';

/**
 * Cuts a server's string to a bound. The copy matters: V8 keeps a sliced string's whole parent alive, and
 * the parent may be a hostile server's megabyte-long literal.
 */
function cut(value: string, max: number): string {
  return value.length <= max ? value : Buffer.from(value.slice(0, max), 'utf8').toString('utf8');
}

/** A name, address or subject as a message states it, without controls that would reorder it on screen. */
function text(value: string | undefined): string {
  return withoutDirectionControls(cut(value ?? '', headerLimits.text));
}

function optionalText(value: string | undefined, max: number = headerLimits.text): string | undefined {
  return value === undefined ? undefined : cut(value, max);
}

function parameters(record: Record<string, string> | undefined): Record<string, string> | undefined {
  if (record === undefined) return undefined;
  const entries = Object.entries(record).slice(0, headerLimits.parameters);
  return Object.fromEntries(entries.map(([key, value]) => [cut(key, headerLimits.token), text(value)]));
}

function addresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? []).slice(0, headerLimits.addresses).map((entry) => ({ name: text(entry.name), address: text(entry.address) }));
}

function epochMs(value: Date | string | undefined): number | null {
  if (value === undefined) return null;
  const ms = (value instanceof Date ? value : new Date(value)).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Copies only plain, bounded fields: the embedded envelope of message/rfc822 parts is not kept. */
export function toBodyStructure(node: MessageStructureObject, depth = 0): BodyStructureNode {
  const children =
    depth < headerLimits.structureDepth
      ? node.childNodes?.slice(0, headerLimits.structureChildren).map((child) => toBodyStructure(child, depth + 1))
      : undefined;
  return {
    part: optionalText(node.part, headerLimits.token),
    type: cut(node.type.toLowerCase(), headerLimits.mimeType),
    parameters: parameters(node.parameters),
    id: optionalText(node.id),
    encoding: optionalText(node.encoding?.toLowerCase(), headerLimits.token),
    size: node.size,
    disposition: optionalText(node.disposition?.toLowerCase(), headerLimits.token),
    dispositionParameters: parameters(node.dispositionParameters),
    childNodes: children,
    lineCount: node.lineCount,
    description: optionalText(node.description),
  };
}

/** \Recent belongs to one session, not to the message: keeping it would make every resync a change. */
export function sessionlessFlags(flags: ReadonlySet<string> | undefined): string[] {
  return [...(flags ?? [])].filter((flag) => flag.toLowerCase() !== '\\recent');
}

export function toMessageHeader(message: FetchMessageObject): MessageHeader {
  const envelope = message.envelope;
  const internalDate = epochMs(message.internalDate) ?? 0;
  return {
    uid: message.uid,
    messageId: optionalText(envelope?.messageId) ?? null,
    subject: text(envelope?.subject),
    from: addresses(envelope?.from),
    to: addresses(envelope?.to),
    cc: addresses(envelope?.cc),
    // A missing or unparsable Date header would sort the message to 1970; the arrival time is closer.
    date: epochMs(envelope?.date) ?? internalDate,
    internalDate,
    size: message.size ?? 0,
    flags: sessionlessFlags(message.flags)
      .slice(0, headerLimits.parameters * 4)
      .map((flag) => cut(flag, headerLimits.text)),
    bodyStructure: message.bodyStructure === undefined ? null : toBodyStructure(message.bodyStructure),
    preview: null,
  };
}
