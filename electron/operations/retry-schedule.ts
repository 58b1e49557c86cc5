/** The first retry comes quickly (a blip), later ones ever slower, never more than half a minute apart. */
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 30_000;

/**
 * When an account's queued changes could not be sent, tries again later with capped exponential backoff
 * and jitter, so that a recovering server is not hit by every client at once. Success resets it.
 */
export class RetrySchedule {
  private readonly attempts = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly retry: (accountId: string) => void) {}

  failed(accountId: string): void {
    const attempt = (this.attempts.get(accountId) ?? 0) + 1;
    this.attempts.set(accountId, attempt);
    clearTimeout(this.timers.get(accountId));
    const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1)) * (0.5 + Math.random());
    const timer = setTimeout(() => {
      this.timers.delete(accountId);
      this.retry(accountId);
    }, delay);
    timer.unref();
    this.timers.set(accountId, timer);
  }

  succeeded(accountId: string): void {
    this.attempts.delete(accountId);
    clearTimeout(this.timers.get(accountId));
    this.timers.delete(accountId);
  }

  stopAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.attempts.clear();
  }
}
