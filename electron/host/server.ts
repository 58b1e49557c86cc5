import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CacheRequest, EngineEvent } from '../../shared/ipc/contract';
import { clientFrameSchema, type ServerFrame } from '../../shared/ipc/wire';
import { dispatch } from '../ipc/dispatch';
import type { WindowSession } from '../ipc/window-session';
import { log } from '../log';
import type { Services } from '../services';
import { readStaticFile } from './static-files';

/** Frames above this are refused unread: no legitimate command comes near it. */
const MAX_FRAME_BYTES = 8 * 1024 * 1024;

export interface BrowserHost {
  /** Open this in a browser: the token travels in the fragment, which never reaches a server log. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface BrowserHostOptions {
  services: Services;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  /** 0 picks a free port. A fixed port keeps the browser's cache, which is per origin, across restarts. */
  port?: number;
}

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    // The message frame inherits this policy: remote images must be possible here for the user's "load
    // images" to work. The frame's own policy blocks them until the user allows them.
    "img-src 'self' data: https: http:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "frame-src 'self' about:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

function tokensMatch(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Serves the IPC contract over a loopback WebSocket, and the built renderer over HTTP, so the whole app
 * runs in a browser without Electron. Only the transport differs from the Electron shell.
 */
export async function startBrowserHost({ services, staticDir, port = 0 }: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('hex');
  let boundPort = 0;

  const serveHttp = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    const file = await readStaticFile(staticDir, request.url ?? '/');
    if (file === null) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Security-Policy': contentSecurityPolicy(boundPort),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  };

  const http = createServer((request, response) => {
    serveHttp(request, response).catch(() => response.writeHead(500).end());
  });
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
  });

  http.on('upgrade', (request, socket, head) => {
    // Node drops its own error listener on upgrade: without one, a reset here would crash the host.
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const sameOrigin = request.headers.origin === `http://127.0.0.1:${boundPort}` || request.headers.origin === `http://localhost:${boundPort}`;
    if (url.pathname !== '/ipc' || !tokensMatch(url.searchParams.get('token'), token) || !sameOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n', () => socket.destroy());
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      attach(ws);
    });
  });

  const attach = (ws: WebSocket): void => {
    const send = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const session: WindowSession = services.openSession({
      sendCacheRequest: (id: number, request: CacheRequest) => {
        send({ t: 'cacheRequest', id, request });
      },
      sendEvent: (event: EngineEvent) => {
        send({ t: 'event', event });
      },
    });
    ws.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      void handleFrame(isBinary ? null : bytes.toString('utf8'), session, send);
    });
    ws.on('close', () => {
      services.closeSession(session);
    });
    ws.on('error', () => {
      ws.terminate();
    });
  };

  const handleFrame = async (text: string | null, session: WindowSession, send: (frame: ServerFrame) => void): Promise<void> => {
    let json: unknown;
    try {
      json = text === null ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    const frame = clientFrameSchema.safeParse(json);
    if (!frame.success) {
      log.warn('host.bad_frame');
      return;
    }
    switch (frame.data.t) {
      case 'invoke': {
        const result = await dispatch(services.handlers, frame.data.channel, frame.data.input, session);
        send({ t: 'result', id: frame.data.id, result });
        return;
      }
      case 'cacheReply':
        session.receiveReply(frame.data.id, frame.data.result);
        return;
    }
  };

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => {
      resolve();
    });
  });
  boundPort = (http.address() as AddressInfo).port;
  log.info('host.listening', { port: boundPort });

  return {
    url: `http://127.0.0.1:${boundPort}/#token=${token}`,
    port: boundPort,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) =>
        http.close(() => {
          resolve();
        }),
      );
    },
  };
}
