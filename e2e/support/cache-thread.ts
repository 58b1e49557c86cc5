import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { CacheRequest } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import type { CacheWorkerMessage } from './cache-worker';

/** The worker is TypeScript too: Node 20 gives a worker no loader of the parent's, so it loads tsx itself. */
const LOAD_THROUGH_TSX = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry));
`;

/** Serves cache requests from cache-worker.ts, answering each with the writer's result. */
export class CacheThread {
  private readonly worker = new Worker(LOAD_THROUGH_TSX, {
    eval: true,
    workerData: {
      tsxApi: import.meta.resolve('tsx/esm/api'),
      entry: new URL('./cache-worker.ts', import.meta.url).href,
      databaseName: `kestrel-test-${randomBytes(6).toString('hex')}`,
    },
  });
  private readonly waiting = new Map<number, (result: Result<unknown>) => void>();
  private nextId = 1;
  private failure: Result<never> | null = null;

  constructor() {
    this.worker.on('message', ({ id, result }: { id: number; result: Result<unknown> }) => {
      this.waiting.get(id)?.(result);
      this.waiting.delete(id);
    });
    // A writer that died answers everything still waiting, so that a sync fails instead of hanging.
    this.worker.on('error', (error) => {
      const failure: Result<never> = { ok: false, error: { code: 'STORAGE_FAILED', message: `The cache thread failed: ${error.message}` } };
      this.failure = failure;
      for (const answer of this.waiting.values()) answer(failure);
      this.waiting.clear();
    });
  }

  serve(request: CacheRequest): Promise<Result<unknown>> {
    if (this.failure !== null) return Promise.resolve(this.failure);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id, request } satisfies CacheWorkerMessage);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
