import type { ImapFlow } from 'imapflow';
import type { CachePort } from '../../shared/cache/port';
import { bodyBytes, type MessageBody } from '../../shared/domain/message';
import { AppFailure } from '../../shared/ipc/result';
import { log } from '../log';
import { prefetchBodies } from './prefetch';

/** Messages asked of the cache per prefetch round; their parts are fetched a few megabytes at a time. */
const PREFETCH_BATCH = 100;

export interface OfflinePrefetchDeps {
  offlineFolders: (accountId: string) => Promise<readonly string[]>;
  /** Runs work on the account's interactive connection (what the user waits for shares it, batch by batch). */
  onInteractiveConnection: <T>(accountId: string, work: (client: ImapFlow) => Promise<T>) => Promise<T>;
}

/**
 * Fetches bodies ahead of need for the folders kept offline, newest first, until each is complete or
 * the cache's storage budget is used. One prefetch per account at a time; it yields the interactive
 * connection between batches, so a message the user opens waits for one batch at most.
 */
export class OfflinePrefetch {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: OfflinePrefetchDeps) {}

  start(accountId: string, cache: CachePort): void {
    if (this.running.has(accountId)) return;
    const run = this.prefetchFolders(accountId, cache)
      .catch((error: unknown) => {
        // Prefetch is best effort: the next sync starts it again, and opening a message fetches on demand.
        log.warn('prefetch.stopped', { accountId, code: error instanceof AppFailure ? error.appError.code : 'INTERNAL' });
      })
      .finally(() => this.running.delete(accountId));
    this.running.set(accountId, run);
  }

  /** Resolves once the account's running prefetch, if any, has stopped. */
  async settled(accountId: string): Promise<void> {
    await this.running.get(accountId);
  }

  private async prefetchFolders(accountId: string, cache: CachePort): Promise<void> {
    for (const path of await this.deps.offlineFolders(accountId)) {
      const ref = { accountId, path };
      for (;;) {
        const storage = await cache.bodyStorage();
        const state = await cache.folderState(ref);
        const wanted = state === null ? [] : await cache.bodiesWanted(ref, PREFETCH_BATCH);
        if (state === null || wanted.length === 0) break;
        const bodies = await this.deps.onInteractiveConnection(accountId, (client) =>
          prefetchBodies(client, { ...ref, uidValidity: state.uidValidity }, wanted),
        );
        // Nothing came back (expunged meanwhile): the next sync removes them; asking again would loop.
        if (bodies.length === 0) break;
        // Prefetch fills the budget and stops; it never evicts what is there to make room.
        const fitting = withinBudget(bodies, storage.budgetBytes - storage.usedBytes);
        if (fitting.length > 0) await cache.apply({ kind: 'bodies', accountId, path, uidValidity: state.uidValidity, bodies: fitting });
        if (fitting.length < bodies.length) return;
      }
    }
  }
}

/** The newest bodies that fit in what is left of the budget, in order, stopping at the first that does not. */
function withinBudget<T extends { body: MessageBody }>(bodies: readonly T[], remainingBytes: number): T[] {
  const fitting: T[] = [];
  let remaining = remainingBytes;
  for (const entry of bodies) {
    const bytes = bodyBytes(entry.body);
    if (bytes > remaining) break;
    remaining -= bytes;
    fitting.push(entry);
  }
  return fitting;
}
