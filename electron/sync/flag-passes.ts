import { folderKey } from '../../shared/domain/folder';
import type { FolderRef } from '../../shared/cache/delta';

export interface FlagPassOptions {
  /** How often each folder's flags are read whole, at most, by background work; default 30 minutes. */
  fullPassEveryMs?: number;
  /** The newest messages whose flags background work reads in between; default 1,000. */
  recentMessages?: number;
}

/**
 * Without CONDSTORE (Microsoft 365, Outlook.com, Yahoo) a server cannot say which flags changed: the only
 * way to know is to read every message's flags again. A sync the user asks for does that. Background work
 * (the poll every few minutes, a push, the resync after a queued change is replayed) reads only the
 * newest messages' flags, and all of them once a full pass is due, so that a 100,000-message folder is not
 * read again every few minutes. New mail and expunges are found exactly either way.
 */
export class FlagPasses {
  private readonly lastFullPass = new Map<string, number>();
  private readonly fullPassEveryMs: number;
  private readonly recentMessages: number;

  constructor(
    options: FlagPassOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.fullPassEveryMs = options.fullPassEveryMs ?? 30 * 60_000;
    this.recentMessages = options.recentMessages ?? 1000;
  }

  /** Whether background work should read every flag of the folder (none was read whole lately). */
  due(ref: FolderRef): boolean {
    return this.now() - (this.lastFullPass.get(folderKey(ref.accountId, ref.path)) ?? -Infinity) >= this.fullPassEveryMs;
  }

  /** The newest messages whose flags to read, or undefined for all of them. */
  scope(ref: FolderRef, background: boolean): number | undefined {
    return !background || this.due(ref) ? undefined : this.recentMessages;
  }

  /** A sync read every flag of the folder (a first sync, or a pass with no scope). */
  fullPassDone(ref: FolderRef): void {
    this.lastFullPass.set(folderKey(ref.accountId, ref.path), this.now());
  }
}
