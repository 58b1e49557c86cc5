import type { OperationCheckpoint, OperationOutcome, QueuedOperation } from '../domain/operation';
import type { BodyStorage, CacheDelta, FolderRef, FolderSyncState, MessageRef, WantedBody } from './delta';

/**
 * The engine's only way to the cache. In the app it is a proxy over IPC to the renderer's writer; in Node
 * tests it is that same writer over fake-indexeddb.
 */
export interface CachePort {
  /** Resolves once the delta is durably written, in one transaction. */
  apply(delta: CacheDelta): Promise<void>;
  folderState(ref: FolderRef): Promise<FolderSyncState | null>;
  hasBody(ref: MessageRef): Promise<boolean>;
  /** UIDs the cache holds for the folder, ascending, from `fromUid` on: what expunge checks compare with. */
  knownUids(ref: FolderRef, fromUid?: number): Promise<number[]>;
  /** Newest first, up to `limit` messages of the folder whose body is not cached. */
  bodiesWanted(ref: FolderRef, limit: number): Promise<WantedBody[]>;
  bodyStorage(): Promise<BodyStorage>;
  /** The account's queued changes not yet settled, oldest first. */
  pendingOperations(accountId: string): Promise<QueuedOperation[]>;
  /** Records, before a command that must not run twice goes out, what the outcome check will need. */
  operationStarted(id: number, checkpoint: OperationCheckpoint): Promise<void>;
  /** Takes the operation off the queue: done (with where moved mail landed), or refused and undone. */
  operationSettled(id: number, outcome: OperationOutcome): Promise<void>;
}
