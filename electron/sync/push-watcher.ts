import type { ImapFlow } from 'imapflow';
import { log } from '../log';

export interface PushWatcherDeps {
  accountId: string;
  path: string;
  /** Opens a fresh connection for IDLE; throws AppFailure when the server cannot be reached. */
  connect: () => Promise<ImapFlow>;
  /** The folder changed on the server (new mail, flags, expunge): resync it. */
  onChange: () => void;
  /** The connection came back after a loss: everything may have changed meanwhile. */
  onReconnected: () => void;
  /** Connecting failed; `attempt` counts the failures in a row. */
  onConnectFailed: (error: unknown, attempt: number) => void;
}

/**
 * Backoff grows from 1 s to a minute: quick after a blip, gentle on a server that is down or throttling,
 * and never so slow that mail waits long once the network is back.
 */
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 60_000;
/**
 * A connection that lived this long was not refused: what follows starts the backoff anew. Shorter
 * lives count as failures (a throttling server drops at once); a network blip rarely comes that fast.
 */
const STABLE_CONNECTION_MS = 10_000;
/** Events come in bursts (a move is an EXISTS and an EXPUNGE); one resync serves the burst. */
const CHANGE_DEBOUNCE_MS = 50;

export function backoffDelay(failures: number): number {
  const capped = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, failures - 1));
  return capped * (0.5 + Math.random() / 2);
}

/**
 * Keeps one connection per account in IDLE on a folder, so that changes made by other devices arrive
 * within a second or two, and reconnects with capped exponential backoff and jitter when it drops.
 * imapflow renews IDLE before the server's limit (maxIdleTime) and finds dead sockets by its timeout.
 */
export class PushWatcher {
  private stopped = false;
  private client: ImapFlow | null = null;
  private wake: (() => void) | null = null;
  private debounce: NodeJS.Timeout | null = null;

  constructor(private readonly deps: PushWatcherDeps) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.debounce !== null) clearTimeout(this.debounce);
    this.client?.close();
    this.wake?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    let connectedBefore = false;
    while (!this.isStopped()) {
      let connectedAt: number | null = null;
      try {
        const client = await this.deps.connect();
        if (this.isStopped()) {
          client.close();
          return;
        }
        this.client = client;
        await client.mailboxOpen(this.deps.path, { readOnly: true });
        const changed = (): void => {
          this.scheduleChange();
        };
        client.on('exists', changed);
        client.on('expunge', changed);
        client.on('flags', changed);
        connectedAt = Date.now();
        log.info('push.idling', { accountId: this.deps.accountId });
        // Resolves only when IDLE ends for good: nothing else runs commands on this connection.
        const idling = client.idle();
        // What changed before IDLE began was never pushed: catch up once IDLE is under way.
        // After a connection that dropped, or one that could not be made (the app started offline), the
        // whole account catches up: queued changes go out and every folder is looked at.
        if (connectedBefore || failures > 0) this.deps.onReconnected();
        else this.deps.onChange();
        connectedBefore = true;
        await idling;
        // IDLE ended because the connection did. One that lasted counts as a fresh start; one dropped
        // at once (throttling, too many connections) counts as a failure, so backoff grows.
        failures = Date.now() - connectedAt >= STABLE_CONNECTION_MS ? 0 : failures + 1;
      } catch (error) {
        failures = connectedAt !== null && Date.now() - connectedAt >= STABLE_CONNECTION_MS ? 1 : failures + 1;
        if (!this.isStopped()) this.deps.onConnectFailed(error, failures);
      } finally {
        this.client?.close();
        this.client = null;
      }
      if (!this.isStopped()) await this.pause(backoffDelay(Math.max(1, failures)));
    }
  }

  /** A method, not the field: stop() may run during any await of run(). */
  private isStopped(): boolean {
    return this.stopped;
  }

  private scheduleChange(): void {
    if (this.debounce !== null) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      if (!this.stopped) this.deps.onChange();
    }, CHANGE_DEBOUNCE_MS);
  }

  /** Waits before the next attempt; stop() cuts the wait short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
