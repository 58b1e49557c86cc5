import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TestCa } from './certs';

export interface AutoconfigRequest {
  /** The Host header: the domain the client meant to ask. */
  host: string;
  path: string;
}

export interface FileReply {
  status: number;
  body?: string;
  /** Never answers: a server that accepts the request and hangs. */
  hang?: boolean;
  /** Sent as the Location header (with a 3xx status). */
  location?: string;
}

/** Serves autoconfig files over HTTPS on loopback, with a certificate from the given test CA. */
export interface AutoconfigServer {
  /** The origin to send requests to instead of the domain's (`https://localhost:<port>`). */
  baseUrl: string;
  requests(): AutoconfigRequest[];
  close(): Promise<void>;
}

export async function startAutoconfigServer(ca: TestCa, reply: (request: AutoconfigRequest) => FileReply): Promise<AutoconfigServer> {
  const requests: AutoconfigRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer({ key: readFileSync(ca.serverKeyPath), cert: readFileSync(ca.serverCertPath) }, (req, res) => {
    const request = { host: req.headers.host ?? '', path: req.url ?? '' };
    requests.push(request);
    const answer = reply(request);
    if (answer.hang === true) return;
    res.writeHead(answer.status, { 'content-type': 'application/xml', ...(answer.location === undefined ? {} : { location: answer.location }) });
    res.end(answer.body ?? '');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    baseUrl: `https://localhost:${String((server.address() as AddressInfo).port)}`,
    requests: () => [...requests],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
