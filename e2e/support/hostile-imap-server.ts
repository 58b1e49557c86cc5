import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { TestCa } from './certs';
import { listenOnLoopback } from './loopback-listener';

/**
 * A scriptable IMAP server on loopback that speaks just enough of the protocol (greeting, CAPABILITY,
 * LOGIN, ENABLE, LIST with inline STATUS, LSUB, STATUS, SELECT/EXAMINE, UID SEARCH, UID FETCH, IDLE,
 * NOOP, CLOSE, LOGOUT) for imapflow to sync one INBOX over implicit TLS with a certificate from the test CA,
 * and misbehaves wherever a scenario says. Numbers are kept as strings so that a scenario can report
 * any value at all, impossible ones included.
 */

/** What the server reports about its one folder, INBOX; mutable between syncs. */
export interface HostileFolder {
  uidValidity: string;
  uidNext: string;
  /** Defaults to the number of UIDs. */
  exists?: string;
  /** Reported at SELECT and STATUS only when set (and CONDSTORE is advertised). */
  highestModseq?: string;
  /** The messages, ascending. */
  uids: number[];
}

export interface ImapCommand {
  tag: string;
  /** Upper case, with the UID prefix kept: `UID FETCH`. */
  name: string;
  args: string;
}

/** One client's connection, as a scenario sees it. */
export interface HostileConnection {
  write(data: string | Buffer): void;
  /** Sends `chunk` again and again, at the pace the client reads, until the client goes away. */
  flood(chunk: Buffer): void;
  /** Answers the command as a well-behaved server would. */
  answer(command: ImapCommand): void;
  /** One message's FETCH response line, as the well-behaved server writes it. */
  fetchLine(seq: number, uid: number | string): string;
}

/** Returns true when it answered the command itself (or chose to answer nothing at all). */
export type Misbehaviour = (command: ImapCommand, connection: HostileConnection) => boolean;

export interface HostileImapOptions {
  folder?: Partial<HostileFolder>;
  /** Extra capabilities, such as `CONDSTORE` and `ENABLE`. */
  capabilities?: string[];
  misbehave?: Misbehaviour;
}

export interface HostileImapServer {
  port: number;
  folder: HostileFolder;
  /** Swaps the scenario in place; new commands follow it at once. */
  misbehave: Misbehaviour | undefined;
  /** Every command clients sent, in order. */
  commands: ImapCommand[];
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

const CRLF = '\r\n';

/** "1:3,7" -> [1, 2, 3, 7] restricted to what exists; `*` stands for the highest UID. */
function uidsIn(set: string, existing: readonly number[]): number[] {
  const top = existing.at(-1) ?? 0;
  const wanted = (uid: number, low: number, high: number): boolean => uid >= Math.min(low, high) && uid <= Math.max(low, high);
  const ranges = set.split(',').map((part) => {
    const [from = '', to = from] = part.split(':');
    const bound = (value: string): number => (value === '*' ? top : Number(value));
    return [bound(from), bound(to)] as const;
  });
  return existing.filter((uid) => ranges.some(([low, high]) => wanted(uid, low, high)));
}

function parseCommand(line: string): ImapCommand {
  if (line.toUpperCase() === 'DONE') return { tag: '', name: 'DONE', args: '' };
  const [tag = '', first = '', ...rest] = line.split(' ');
  const uidPrefixed = first.toUpperCase() === 'UID';
  const name = uidPrefixed ? `UID ${(rest[0] ?? '').toUpperCase()}` : first.toUpperCase();
  return { tag, name, args: (uidPrefixed ? rest.slice(1) : rest).join(' ') };
}

function fetchLine(folder: HostileFolder, seq: number, uid: number | string): string {
  const address = '(("Hostile Sender" NIL "sender" "hostile.test"))';
  const envelope = `("Wed, 01 Jan 2025 10:00:00 +0000" "Message ${String(uid)}" ${address} ${address} ${address} NIL NIL NIL NIL "<${String(uid)}@hostile.test>")`;
  const structure = '("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 5 1 NIL NIL NIL NIL)';
  const modseq = folder.highestModseq === undefined ? '' : ` MODSEQ (1)`;
  return `* ${seq} FETCH (UID ${String(uid)} FLAGS (\\Seen)${modseq} RFC822.SIZE 5 INTERNALDATE "01-Jan-2025 10:00:00 +0000" ENVELOPE ${envelope} BODYSTRUCTURE ${structure})${CRLF}`;
}

function statusItems(folder: HostileFolder): string {
  const exists = folder.exists ?? String(folder.uids.length);
  const modseq = folder.highestModseq === undefined ? '' : ` HIGHESTMODSEQ ${folder.highestModseq}`;
  return `(MESSAGES ${exists} UIDNEXT ${folder.uidNext} UIDVALIDITY ${folder.uidValidity}${modseq})`;
}

export async function startHostileImapServer(ca: TestCa, options: HostileImapOptions = {}): Promise<HostileImapServer> {
  const capabilities = ['IMAP4rev1', 'LIST-STATUS', ...(options.capabilities ?? [])].join(' ');
  let accepted = 0;
  const state: HostileImapServer = {
    port: 0,
    folder: { uidValidity: '1', uidNext: '4', uids: [1, 2, 3], ...options.folder },
    misbehave: options.misbehave,
    commands: [],
    connections: () => accepted,
    close: () => listener.close(),
  };

  const serve = (socket: Socket): void => {
    accepted++;
    socket.on('error', () => socket.destroy());

    const write = (data: string | Buffer): void => {
      if (!socket.destroyed) socket.write(data);
    };
    const connection: HostileConnection = {
      write,
      flood: (chunk) => {
        const pump = (): void => {
          while (!socket.destroyed && socket.write(chunk));
          if (!socket.destroyed) socket.once('drain', pump);
        };
        pump();
      },
      answer: (command) => {
        answer(command);
      },
      fetchLine: (seq, uid) => fetchLine(state.folder, seq, uid),
    };

    let idleTag: string | null = null;
    const answer = ({ tag, name, args }: ImapCommand): void => {
      const folder = state.folder;
      switch (name) {
        case 'CAPABILITY':
          write(`* CAPABILITY ${capabilities}${CRLF}${tag} OK done${CRLF}`);
          return;
        case 'LOGIN':
          write(`${tag} OK [CAPABILITY ${capabilities}] logged in${CRLF}`);
          return;
        case 'ENABLE':
          write(`* ENABLED ${args}${CRLF}${tag} OK enabled${CRLF}`);
          return;
        case 'LIST': {
          const inlineStatus = args.toUpperCase().includes('RETURN') ? `* STATUS INBOX ${statusItems(folder)}${CRLF}` : '';
          write(`* LIST (\\HasNoChildren) "/" INBOX${CRLF}${inlineStatus}${tag} OK listed${CRLF}`);
          return;
        }
        case 'LSUB':
          write(`* LSUB () "/" INBOX${CRLF}${tag} OK done${CRLF}`);
          return;
        case 'STATUS':
          write(`* STATUS INBOX ${statusItems(folder)}${CRLF}${tag} OK done${CRLF}`);
          return;
        case 'SELECT':
        case 'EXAMINE': {
          const modseq = folder.highestModseq === undefined ? '' : `* OK [HIGHESTMODSEQ ${folder.highestModseq}] modseq${CRLF}`;
          write(
            `* FLAGS (\\Seen \\Flagged)${CRLF}* OK [PERMANENTFLAGS ()] none${CRLF}* ${folder.exists ?? String(folder.uids.length)} EXISTS${CRLF}` +
              `* 0 RECENT${CRLF}* OK [UIDVALIDITY ${folder.uidValidity}] uids${CRLF}* OK [UIDNEXT ${folder.uidNext}] next${CRLF}${modseq}` +
              `${tag} OK [READ-ONLY] selected${CRLF}`,
          );
          return;
        }
        case 'UID SEARCH': {
          const set = /UID (\S+)/i.exec(args)?.[1] ?? '1:*';
          write(`* SEARCH ${uidsIn(set, folder.uids).join(' ')}${CRLF}${tag} OK searched${CRLF}`);
          return;
        }
        case 'UID FETCH': {
          const [set = ''] = args.split(' ');
          const body = /BODY\.PEEK\[([^\]]*)\]/i.exec(args);
          for (const uid of uidsIn(set, folder.uids)) {
            const seq = folder.uids.indexOf(uid) + 1;
            // Previews ask for a part of the body; anything else gets the header fields.
            if (body === null) write(fetchLine(folder, seq, uid));
            else write(`* ${seq} FETCH (UID ${uid} BODY[${body[1] ?? ''}]<0> {5}${CRLF}hello)${CRLF}`);
          }
          write(`${tag} OK fetched${CRLF}`);
          return;
        }
        case 'IDLE':
          idleTag = tag;
          write(`+ idling${CRLF}`);
          return;
        case 'DONE':
          // Ends IDLE: the line is a bare DONE, read here as a tag with no command.
          if (idleTag !== null) write(`${idleTag} OK idled${CRLF}`);
          idleTag = null;
          return;
        case 'NOOP':
        case 'CLOSE':
        case 'UNSELECT':
          write(`${tag} OK done${CRLF}`);
          return;
        case 'LOGOUT':
          write(`* BYE bye${CRLF}${tag} OK bye${CRLF}`);
          socket.end();
          return;
        default:
          write(`${tag} BAD not here${CRLF}`);
      }
    };

    socket.write(`* OK [CAPABILITY ${capabilities}] Hostile test server ready${CRLF}`);
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let newline = buffered.indexOf(CRLF);
      while (newline !== -1) {
        const command = parseCommand(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 2);
        state.commands.push(command);
        if (state.misbehave?.(command, connection) !== true) answer(command);
        newline = buffered.indexOf(CRLF);
      }
    });
  };

  const server = createTlsServer({ key: readFileSync(ca.serverKeyPath), cert: readFileSync(ca.serverCertPath) }, serve);
  const listener = await listenOnLoopback(server);
  state.port = listener.port;
  return state;
}
