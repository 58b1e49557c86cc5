import type { FetchMessageObject, MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { Address, BodyStructureNode, MessageHeader } from '../../shared/domain/message';

/** Caps on what one message's header may occupy in the cache; real mail stays far below them. */
const MAX_ADDRESSES = 100;
const MAX_TEXT = 2000;
const MAX_STRUCTURE_DEPTH = 30;

function text(value: string | undefined): string {
  return (value ?? '').slice(0, MAX_TEXT);
}

function addresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? []).slice(0, MAX_ADDRESSES).map((entry) => ({ name: text(entry.name), address: text(entry.address) }));
}

function epochMs(value: Date | string | undefined): number | null {
  if (value === undefined) return null;
  const ms = (value instanceof Date ? value : new Date(value)).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Copies only plain fields: the embedded envelope of message/rfc822 parts is not kept. */
export function toBodyStructure(node: MessageStructureObject, depth = 0): BodyStructureNode {
  const children = depth < MAX_STRUCTURE_DEPTH ? node.childNodes?.map((child) => toBodyStructure(child, depth + 1)) : undefined;
  return {
    part: node.part,
    type: node.type.toLowerCase(),
    parameters: node.parameters,
    id: node.id,
    encoding: node.encoding?.toLowerCase(),
    size: node.size,
    disposition: node.disposition?.toLowerCase(),
    dispositionParameters: node.dispositionParameters,
    childNodes: children,
    lineCount: node.lineCount,
    description: node.description,
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
    messageId: envelope?.messageId ?? null,
    subject: text(envelope?.subject),
    from: addresses(envelope?.from),
    to: addresses(envelope?.to),
    cc: addresses(envelope?.cc),
    // A missing or unparsable Date header would sort the message to 1970; the arrival time is closer.
    date: epochMs(envelope?.date) ?? internalDate,
    internalDate,
    size: message.size ?? 0,
    flags: sessionlessFlags(message.flags),
    bodyStructure: message.bodyStructure === undefined ? null : toBodyStructure(message.bodyStructure),
  };
}
