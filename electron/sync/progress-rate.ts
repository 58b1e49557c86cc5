import type { SyncProgress } from '../../shared/ipc/contract';
import type { FolderSyncProgress } from './folder-sync';

/** Below this much elapsed time a rate says more about the first batch than about the sync. */
const MIN_ELAPSED_MS = 500;

/** Turns "n of N" into what a person wants to see: how fast, and how long is left. */
export function progressMeter(now: () => number = Date.now): (progress: FolderSyncProgress) => SyncProgress {
  const started = now();
  return ({ done, total }) => {
    const elapsed = now() - started;
    if (elapsed < MIN_ELAPSED_MS || done === 0) return { done, total };
    const perSecond = (done / elapsed) * 1000;
    return { done, total, perSecond: Math.round(perSecond), secondsLeft: Math.ceil((total - done) / perSecond) };
  };
}
