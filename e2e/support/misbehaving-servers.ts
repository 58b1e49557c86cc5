import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { TestCa } from './certs';
import { listenOnLoopback } from './loopback-listener';

/** Servers that break the rules on purpose, for the error paths a real Dovecot will not take. */
export interface MisbehavingServer {
  port: number;
  /** Everything clients sent, as text. */
  received(): string;
  close(): Promise<void>;
}

async function listen(server: Server, chunks: Buffer[]): Promise<MisbehavingServer> {
  const listener = await listenOnLoopback(server);
  return { ...listener, received: () => Buffer.concat(chunks).toString('utf8') };
}

/** Answers CAPABILITY without STARTTLS and refuses the rest: a STARTTLS-stripping attacker, in effect. */
export function startPlainImapWithoutStarttls(): Promise<MisbehavingServer> {
  const chunks: Buffer[] = [];
  const server = createNetServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] Test server ready\r\n');
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\r\n');
      while (newline !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 2);
        const [tag = '*', command = ''] = line.split(' ');
        if (command.toUpperCase() === 'CAPABILITY') socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
        else if (command.toUpperCase() === 'LOGOUT') socket.end(`* BYE\r\n${tag} OK bye\r\n`);
        else socket.write(`${tag} BAD not here\r\n`);
        newline = buffered.indexOf('\r\n');
      }
    });
  });
  return listen(server, chunks);
}

/** Implicit TLS with a certificate from a CA nobody trusts. */
export function startTlsWithUntrustedCertificate(untrusted: TestCa): Promise<MisbehavingServer> {
  const chunks: Buffer[] = [];
  const server = createTlsServer({ key: readFileSync(untrusted.serverKeyPath), cert: readFileSync(untrusted.serverCertPath) }, (socket) => {
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.write('* OK Test server ready\r\n');
  });
  return listen(server, chunks);
}

/** A port on which nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}
