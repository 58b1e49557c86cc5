export interface RefusalPatience {
  /** Refusals of one change before it may be given up; default 5. */
  attempts?: number;
  /** And for how long they must have gone on; default ten minutes. */
  forMs?: number;
}

/**
 * Counts how often each queued change was refused with no final reason. A change the server keeps
 * refusing would otherwise hold every change queued behind it, for good; past the patience it is given
 * up (undone and explained) and the queue goes on. Kept in memory: after a restart, each change gets its
 * patience anew.
 */
export class RepeatedRefusals {
  private readonly seen = new Map<number, { count: number; since: number }>();
  private readonly attempts: number;
  private readonly forMs: number;

  constructor(
    patience: RefusalPatience = {},
    private readonly now: () => number = Date.now,
  ) {
    this.attempts = patience.attempts ?? 5;
    this.forMs = patience.forMs ?? 10 * 60_000;
  }

  /** Notes one more refusal of the change; true when it is time to give it up. */
  refusedAgain(operationId: number): boolean {
    const previous = this.seen.get(operationId);
    const entry = { count: (previous?.count ?? 0) + 1, since: previous?.since ?? this.now() };
    this.seen.set(operationId, entry);
    return entry.count >= this.attempts && this.now() - entry.since >= this.forMs;
  }

  settled(operationId: number): void {
    this.seen.delete(operationId);
  }
}
