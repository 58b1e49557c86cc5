import type { ServerQuirks } from '../../electron/imap/server-quirks';
import type { DovecotInfo, TestUser } from '../support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../support/engine-harness';

export interface SessionOptions {
  quirks?: (host: string) => ServerQuirks;
  push?: boolean;
  /** Connect through this port (a FaultProxy) instead of the server's. */
  port?: number;
  restartOf?: TestEngine;
}

/** One engine with one account, as the app has after adding it, and a tally of what its calls answered. */
export class EngineSession {
  /** Failed sync or replay calls, by error code. */
  readonly failures: Record<string, number> = {};
  /** The first few failure messages, for the log. */
  readonly failureSamples: string[] = [];
  /** The latest failed call. */
  lastFailure: string | null = null;
  /** Every call and what it answered, timestamped, for the trace. */
  readonly log: string[] = [];

  private constructor(
    readonly engine: TestEngine,
    readonly accountId: string,
  ) {}

  static async open(info: DovecotInfo, user: TestUser, options: SessionOptions = {}): Promise<EngineSession> {
    const engine = await createTestEngine({
      engine: { push: options.push ?? false, ...(options.quirks === undefined ? {} : { quirks: options.quirks }) },
      ...(options.restartOf === undefined ? {} : { restartOf: options.restartOf }),
    });
    if (options.restartOf !== undefined) {
      const account = (await engine.db.accounts.toArray())[0];
      if (account === undefined) throw new Error('The restarted engine has no account');
      return new EngineSession(engine, account.id);
    }
    const account = expectOk(await engine.invoke('accounts.add', draftFor(info, user, options.port === undefined ? {} : { port: options.port })));
    return new EngineSession(engine, account.id);
  }

  get db(): TestEngine['db'] {
    return this.engine.db;
  }

  /** sync.account; a failure is tallied, not thrown. Returns whether it succeeded. */
  async sync(): Promise<boolean> {
    return this.tally('sync', await this.engine.invoke('sync.account', { accountId: this.accountId }));
  }

  /** operations.replay; returns what is left queued, or null when the call failed. */
  async replay(): Promise<number | null> {
    const result = await this.engine.invoke('operations.replay', { accountId: this.accountId });
    const remaining = this.tally('replay', result) && result.ok ? result.value.remaining : null;
    if (remaining !== null) this.log.push(`${new Date().toISOString()} engine replay: ${remaining} left`);
    return remaining;
  }

  async pending(): Promise<number> {
    return (await this.db.operations.toArray()).filter((row) => row.accountId === this.accountId && row.state === 'pending').length;
  }

  /**
   * Brings the cache in step once nothing else changes the server: replays until the queue is empty, then
   * one last sync.account. Gives up when replays stop making progress for `stallMs`: the queue is stuck,
   * and what is left is returned, in words, with the last failure.
   */
  async settle(stallMs = 30_000): Promise<string[]> {
    let best = Number.POSITIVE_INFINITY;
    let progressAt = Date.now();
    for (;;) {
      const remaining = await this.replay();
      if (remaining === 0) break;
      if (remaining !== null && remaining < best) {
        best = remaining;
        progressAt = Date.now();
      }
      if (Date.now() - progressAt > stallMs) return this.stuckQueue();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.sync();
    return [];
  }

  /** The pending changes, oldest first, and why the last call failed. */
  async stuckQueue(): Promise<string[]> {
    const pending = (await this.db.operations.toArray()).filter((row) => row.accountId === this.accountId && row.state === 'pending');
    return [
      ...pending.slice(0, 8).map((row) => `#${row.id ?? '?'} ${row.label} ${JSON.stringify(row.operation)}`),
      ...(pending.length > 8 ? [`and ${pending.length - 8} more`] : []),
      `last failure: ${this.lastFailure ?? 'none'}`,
    ];
  }

  async stop(): Promise<void> {
    await this.engine.stop();
  }

  async dispose(): Promise<void> {
    await this.engine.dispose();
  }

  private tally(call: 'sync' | 'replay', result: { ok: true } | { ok: false; error: { code: string; message: string } }): boolean {
    if (result.ok) {
      if (call === 'sync') this.log.push(`${new Date().toISOString()} engine sync: ok`);
      return true;
    }
    this.log.push(`${new Date().toISOString()} engine ${call}: ${result.error.code} ${result.error.message}`);
    this.failures[result.error.code] = (this.failures[result.error.code] ?? 0) + 1;
    this.lastFailure = `${call} ${result.error.code}: ${result.error.message}`;
    if (this.failureSamples.length < 10) this.failureSamples.push(this.lastFailure);
    return false;
  }
}
