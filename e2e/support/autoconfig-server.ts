import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { TestCa } from './certs';
import { listenOnLoopback } from './loopback-listener';

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
  const server = createServer({ key: readFileSync(ca.serverKeyPath), cert: readFileSync(ca.serverCertPath) }, (req, res) => {
    const request = { host: req.headers.host ?? '', path: req.url ?? '' };
    requests.push(request);
    const answer = reply(request);
    if (answer.hang === true) return;
    res.writeHead(answer.status, { 'content-type': 'application/xml', ...(answer.location === undefined ? {} : { location: answer.location }) });
    res.end(answer.body ?? '');
  });
  const listener = await listenOnLoopback(server);
  return {
    baseUrl: `https://localhost:${String(listener.port)}`,
    requests: () => [...requests],
    close: listener.close,
  };
}
