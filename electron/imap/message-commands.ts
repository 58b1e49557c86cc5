import type { ImapFlow } from 'imapflow';
import { isRev2Active } from 'imapflow/lib/tools.js';
import { encodeMailboxName } from './mailbox-name';

/**
 * COPY, MOVE, STORE and UID EXPUNGE with the server's answer kept. imapflow's own helpers turn a NO into
 * `false` and log the reason away, and its expunge falls back to a bare EXPUNGE without UIDPLUS, which
 * would purge other clients' \Deleted mail: the queue needs to know why a server refused, and must only
 * ever expunge its own UIDs.
 */

interface RawAttribute {
  type?: string;
  value?: unknown;
  section?: RawAttribute[];
}
interface RawResponse {
  attributes?: RawAttribute[];
}
interface ExecResult {
  response: RawResponse;
  next: () => void;
}
interface Executor {
  exec(
    command: string,
    attributes: unknown[] | false,
    options?: { untagged?: Record<string, (untagged: RawResponse) => Promise<void> | void> },
  ): Promise<ExecResult>;
}

/** The server answered NO or BAD: `code` is its response code (TRYCREATE, OVERQUOTA, NONEXISTENT...). */
export class ImapRefusal extends Error {
  constructor(
    readonly status: string,
    readonly code: string | null,
    readonly text: string,
  ) {
    super(`${status}${code === null ? '' : ` [${code}]`} ${text}`);
    this.name = 'ImapRefusal';
  }
}

function executor(client: ImapFlow): Executor {
  const candidate = client as unknown as Partial<Executor>;
  if (typeof candidate.exec !== 'function') throw new Error('This imapflow version has no exec(): pin the one package.json names.');
  return candidate as Executor;
}

function responseCode(response: RawResponse | undefined): RawAttribute[] | null {
  const section = response?.attributes?.[0]?.section;
  return Array.isArray(section) && section.length > 0 ? section : null;
}

/**
 * The server's NO or BAD as an ImapRefusal, from exec()'s raw error or from imapflow's own commands
 * (which put the response code in `serverResponseCode`); null for anything else (a dropped socket).
 */
export function imapRefusalOf(error: unknown): ImapRefusal | null {
  if (error instanceof ImapRefusal) return error;
  if (typeof error !== 'object' || error === null || !('responseStatus' in error)) return null;
  const status = String(error.responseStatus);
  if (status !== 'NO' && status !== 'BAD') return null;
  const response = 'response' in error && typeof error.response === 'object' ? (error.response as RawResponse) : undefined;
  // imapflow sometimes leaves the response as its text ("8 NO [NONEXISTENT] ..."): the code is read there.
  const textCode = 'response' in error && typeof error.response === 'string' ? /^\S+ (?:NO|BAD) \[([A-Za-z-]+)/.exec(error.response)?.[1] : undefined;
  const raw =
    'serverResponseCode' in error && typeof error.serverResponseCode === 'string'
      ? error.serverResponseCode
      : (responseCode(response)?.[0]?.value ?? textCode);
  const text = 'responseText' in error && typeof error.responseText === 'string' ? error.responseText : '';
  return new ImapRefusal(status, typeof raw === 'string' ? raw.toUpperCase() : null, text);
}

async function run(client: ImapFlow, command: string, attributes: unknown[], onUntaggedOk?: (response: RawResponse) => void): Promise<RawResponse> {
  try {
    const result = await executor(client).exec(command, attributes, onUntaggedOk === undefined ? {} : { untagged: { OK: onUntaggedOk } });
    result.next();
    return result.response;
  } catch (error) {
    throw imapRefusalOf(error) ?? error;
  }
}

/** "1:3,7" as [1, 2, 3, 7]; null when it is not a plain UID set. */
export function expandUidSet(text: string): number[] | null {
  const ranges = parseUidRanges(text);
  if (ranges === null || ranges.reduce((sum, [low, high]) => sum + high - low + 1, 0) > 1_000_000) return null;
  return ranges.flatMap(([low, high]) => Array.from({ length: high - low + 1 }, (_, index) => low + index));
}

/**
 * The ranges of a UID set as the server wrote it ("5:3,9" is [3, 5] then [9, 9]), in its order; null for
 * anything that is not one (`*`, words, an empty item). Counting them needs no expansion.
 */
export function parseUidRanges(text: string): Array<[number, number]> | null {
  const ranges: Array<[number, number]> = [];
  for (const part of text.split(',')) {
    const match = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(part);
    if (match === null) return null;
    const from = Number(match[1]);
    const to = Number(match[2] ?? match[1]);
    ranges.push(from <= to ? [from, to] : [to, from]);
  }
  return ranges;
}

/** COPYUID (RFC 4315): source UID to destination UID, or null when the response carries none. */
export function parseCopyUid(response: RawResponse | undefined): Map<number, number> | null {
  const section = responseCode(response);
  const code = section?.[0]?.value;
  if (section === null || typeof code !== 'string' || code.toUpperCase() !== 'COPYUID') return null;
  const text = (attribute: RawAttribute | undefined): string => (typeof attribute?.value === 'string' ? attribute.value : '');
  const sources = expandUidSet(text(section[2]));
  const destinations = expandUidSet(text(section[3]));
  if (sources === null || destinations === null || sources.length !== destinations.length) return null;
  return new Map(sources.map((uid, index) => [uid, destinations[index] ?? 0]));
}

/**
 * The name as the session expects it: UTF-8 once UTF8=ACCEPT or IMAP4rev2 is on (RFC 9051 section 5.1;
 * Microsoft 365 enables rev2 without UTF8=ACCEPT), modified UTF-7 before. The rule is imapflow's own, so
 * these commands name folders exactly as its SELECT and APPEND do.
 */
export function wireMailboxName(client: Pick<ImapFlow, 'enabled' | 'capabilities'>, path: string): string {
  return client.enabled.has('UTF8=ACCEPT') || isRev2Active(client as ImapFlow) ? path : encodeMailboxName(path);
}

function mailboxAttribute(client: ImapFlow, path: string): { type: 'STRING'; value: string } {
  return { type: 'STRING', value: wireMailboxName(client, path) };
}

/** The server's refusal of a STATUS of the folder, or null when it answers; a dropped connection throws. */
export async function statusRefusal(client: ImapFlow, path: string): Promise<ImapRefusal | null> {
  try {
    await run(client, 'STATUS', [mailboxAttribute(client, path), [{ type: 'ATOM', value: 'MESSAGES' }]]);
    return null;
  } catch (error) {
    if (error instanceof ImapRefusal) return error;
    throw error;
  }
}

export async function uidCopy(client: ImapFlow, uidSet: string, destination: string): Promise<Map<number, number> | null> {
  return parseCopyUid(await run(client, 'UID COPY', [{ type: 'SEQUENCE', value: uidSet }, mailboxAttribute(client, destination)]));
}

/** UID MOVE (RFC 6851); COPYUID comes untagged before the tagged OK on most servers, tagged on some. */
export async function uidMove(client: ImapFlow, uidSet: string, destination: string): Promise<Map<number, number> | null> {
  const untagged: { map: Map<number, number> | null } = { map: null };
  const tagged = await run(client, 'UID MOVE', [{ type: 'SEQUENCE', value: uidSet }, mailboxAttribute(client, destination)], (response) => {
    untagged.map ??= parseCopyUid(response);
  });
  return untagged.map ?? parseCopyUid(tagged);
}

export async function uidStoreFlags(client: ImapFlow, uidSet: string, change: 'add' | 'remove', flags: readonly string[]): Promise<void> {
  if (flags.length === 0) return;
  await run(client, 'UID STORE', [
    { type: 'SEQUENCE', value: uidSet },
    { type: 'ATOM', value: change === 'add' ? '+FLAGS.SILENT' : '-FLAGS.SILENT' },
    flags.map((flag) => ({ type: 'ATOM', value: flag })),
  ]);
}

/** Removes exactly these UIDs, once marked \\Deleted, for good (UIDPLUS, RFC 4315). */
export async function uidExpunge(client: ImapFlow, uidSet: string): Promise<void> {
  await run(client, 'UID EXPUNGE', [{ type: 'SEQUENCE', value: uidSet }]);
}

/** Removes every message of the selected folder marked \\Deleted: only for a server without UIDPLUS. */
export async function expungeMarked(client: ImapFlow): Promise<void> {
  await run(client, 'EXPUNGE', []);
}
