import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { parentPort, workerData } from 'node:worker_threads';
import type { CacheRequest } from '../../shared/ipc/contract';
import { MailCache } from '../../renderer/src/cache/db';
import { serveCacheRequest } from '../../renderer/src/cache/serve';
import { CacheWriter } from '../../renderer/src/cache/writer';

/**
 * The renderer's cache writer on a thread of its own, over fake-indexeddb: in the app the cache lives in
 * another process than the engine, so its writes overlap the engine's fetching instead of taking turns
 * with it on one thread. Started by CacheThread.
 */
export interface CacheWorkerMessage {
  id: number;
  request: CacheRequest;
}

const port = parentPort;
if (port === null) throw new Error('cache-worker.ts runs as a worker thread');
const { databaseName } = workerData as { databaseName: string };
const writer = new CacheWriter(new MailCache(databaseName, { indexedDB: new IDBFactory(), IDBKeyRange }));
port.on('message', ({ id, request }: CacheWorkerMessage) => {
  void serveCacheRequest(writer, request).then((result) => {
    port.postMessage({ id, result });
  });
});
