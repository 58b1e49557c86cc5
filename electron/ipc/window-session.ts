import { z } from 'zod';
import { folderSyncStateSchema } from '../../shared/cache/delta';
import { bodyStructureSchema } from '../../shared/domain/message';
import { queuedOperationSchema } from '../../shared/domain/operation';
import type { CachePort } from '../../shared/cache/port';
import type { CacheReplies, CacheRequest, EngineEvent } from '../../shared/ipc/contract';
import { AppFailure, resultSchema } from '../../shared/ipc/result';

/** How long the window's cache may take to answer one request before the engine gives up on it. */
const CACHE_REPLY_TIMEOUT_MS = 120_000;

const replySchemas: { [Op in CacheRequest['op']]: z.ZodType<CacheReplies[Op]> } = {
  apply: z.null(),
  folderState: folderSyncStateSchema.nullable(),
  hasBody: z.boolean(),
  knownUids: z.array(z.number().int().positive()),
  bodiesWanted: z.array(z.object({ uid: z.number().int().positive(), bodyStructure: bodyStructureSchema.nullable() })),
  bodyStorage: z.object({ usedBytes: z.number().nonnegative(), budgetBytes: z.number().nonnegative() }),
  pendingOperations: z.array(queuedOperationSchema),
  operationStarted: z.null(),
  operationSettled: z.null(),
};

interface Pending {
  op: CacheRequest['op'];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface WindowTransport {
  sendCacheRequest(id: number, request: CacheRequest): void;
  sendEvent(event: EngineEvent): void;
}

const cacheGone = (): AppFailure =>
  new AppFailure({ code: 'CACHE_UNAVAILABLE', message: 'The window that holds the mail cache closed. Reopen it to go on syncing.' });

/**
 * One window (Electron BrowserWindow or browser tab) and its cache. The engine writes through `cache`;
 * each request goes to the window's writer and resolves with its validated reply.
 */
export class WindowSession {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  readonly cache: CachePort = {
    apply: async (delta) => {
      await this.request({ op: 'apply', delta });
    },
    folderState: (ref) => this.request({ op: 'folderState', ref }),
    hasBody: (ref) => this.request({ op: 'hasBody', ref }),
    knownUids: (ref, fromUid = 1) => this.request({ op: 'knownUids', ref, fromUid }),
    bodiesWanted: (ref, limit) => this.request({ op: 'bodiesWanted', ref, limit }),
    bodyStorage: () => this.request({ op: 'bodyStorage' }),
    pendingOperations: (accountId) => this.request({ op: 'pendingOperations', accountId }),
    operationStarted: async (id, checkpoint) => {
      await this.request({ op: 'operationStarted', id, checkpoint });
    },
    operationSettled: async (id, outcome) => {
      await this.request({ op: 'operationSettled', id, outcome });
    },
  };

  constructor(private readonly transport: WindowTransport) {}

  sendEvent(event: EngineEvent): void {
    if (!this.closed) this.transport.sendEvent(event);
  }

  /** A reply from the window, as received: anything not matching a pending request is ignored. */
  receiveReply(id: unknown, result: unknown): void {
    if (typeof id !== 'number') return;
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    const parsed = resultSchema(replySchemas[pending.op]).safeParse(result);
    if (!parsed.success) {
      pending.reject(new AppFailure({ code: 'INTERNAL', message: 'The mail cache answered with something unexpected. Reload the window.' }));
    } else if (parsed.data.ok) {
      pending.resolve(parsed.data.value);
    } else {
      pending.reject(new AppFailure(parsed.data.error));
    }
  }

  close(): void {
    this.closed = true;
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(cacheGone());
    }
    this.pending.clear();
  }

  private request<Op extends CacheRequest['op']>(request: CacheRequest & { op: Op }): Promise<CacheReplies[Op]> {
    if (this.closed) return Promise.reject(cacheGone());
    const id = this.nextId++;
    return new Promise<CacheReplies[Op]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AppFailure({ code: 'CACHE_UNAVAILABLE', message: 'The mail cache did not answer in time. Reload the window.' }));
      }, CACHE_REPLY_TIMEOUT_MS);
      this.pending.set(id, { op: request.op, resolve: resolve as (value: unknown) => void, reject, timer });
      this.transport.sendCacheRequest(id, request);
    });
  }
}
