import { engineEventSchema, type CacheRequest, type EngineEvent, type KestrelApi } from '../../../shared/ipc/contract';
import { fail, type Result } from '../../../shared/ipc/result';
import type { ClientFrame } from '../../../shared/ipc/wire';
import { z } from 'zod';

const serverFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: z.number(), result: z.unknown() }),
  z.object({ t: z.literal('event'), event: z.unknown() }),
  z.object({ t: z.literal('cacheRequest'), id: z.number(), request: z.unknown() }),
]);

const RECONNECT_DELAY_MS = 1000;

const cacheOps: ReadonlySet<string> = new Set<CacheRequest['op']>([
  'apply',
  'folderState',
  'hasBody',
  'knownUids',
  'bodiesWanted',
  'bodyStorage',
  'pendingOperations',
  'operationStarted',
  'operationSettled',
]);

/**
 * Requests come from main, which the window trusts, as the Electron preload does: main builds them from
 * bounded data (header-record.ts), so the window checks their shape, not every field. Parsing each
 * 250-message batch with the full schema cost the window more than writing it.
 */
function isCacheRequest(value: unknown): value is CacheRequest {
  return typeof value === 'object' && value !== null && 'op' in value && typeof value.op === 'string' && cacheOps.has(value.op);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export type HostConnectionListener = (connected: boolean) => void;

/**
 * The browser host's transport: the same API the Electron preload exposes, over a loopback WebSocket.
 * Reconnects when the host restarts; calls made while it is away fail with OFFLINE instead of hanging.
 */
export function createWebSocketApi(url: string, onConnection: HostConnectionListener): KestrelApi {
  let socket: WebSocket | null = null;
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(event: EngineEvent) => void>();
  let cacheHandler: ((request: CacheRequest) => Promise<Result<unknown>>) | null = null;
  let opened: Promise<WebSocket> | null = null;

  const send = (frame: ClientFrame): void => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    const frame = serverFrameSchema.safeParse(parseJson(data));
    if (!frame.success) return;
    const message = frame.data;
    if (message.t === 'result') {
      pending.get(message.id)?.(message.result as Result<unknown>);
      pending.delete(message.id);
    } else if (message.t === 'event') {
      const event = engineEventSchema.safeParse(message.event);
      if (event.success) for (const listener of listeners) listener(event.data);
    } else {
      const handler = cacheHandler;
      const id = message.id;
      if (!isCacheRequest(message.request) || handler === null) {
        send({ t: 'cacheReply', id, result: fail('CACHE_UNAVAILABLE', 'The window could not take this cache request.') });
        return;
      }
      void handler(message.request).then((result) => {
        send({ t: 'cacheReply', id, result });
      });
    }
  };

  const connect = (): Promise<WebSocket> => {
    opened ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        onConnection(true);
        resolve(ws);
      };
      ws.onmessage = (event) => {
        onMessage(event.data);
      };
      ws.onclose = () => {
        const wasOpen = socket === ws;
        socket = null;
        opened = null;
        for (const settle of pending.values()) settle(fail('OFFLINE', 'Lost the connection to the Kestrel host. Start it again with npm run web.'));
        pending.clear();
        if (wasOpen) onConnection(false);
        reject(new Error('closed'));
        setTimeout(() => void connect().catch(() => undefined), RECONNECT_DELAY_MS);
      };
    });
    return opened;
  };
  void connect().catch(() => {
    onConnection(false);
  });

  return {
    invoke: async (channel, input) => {
      try {
        await connect();
      } catch {
        return fail('OFFLINE', 'The Kestrel host is not running. Start it again with npm run web.');
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        send({ t: 'invoke', id, channel, input });
      });
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    serveCache: (handler) => {
      cacheHandler = handler;
      return () => {
        cacheHandler = null;
      };
    },
  };
}
