import type { ImapFlow } from 'imapflow';
import { disconnectImap } from './connect';

/**
 * One open connection per account, opened on first use and replaced once it is no longer usable:
 * imapflow never reconnects, and a closed client cannot be reused.
 */
export class ConnectionPool<Settings> {
  private readonly connections = new Map<string, Promise<ImapFlow>>();
  private closed = false;

  constructor(private readonly open: (settings: Settings) => Promise<ImapFlow>) {}

  async acquire(accountId: string, settings: Settings): Promise<ImapFlow> {
    if (this.closed) throw new Error('The connection pool is closed');
    const existing = this.connections.get(accountId);
    if (existing !== undefined) {
      const client = await existing.catch(() => null);
      if (client?.usable === true) return client;
      if (this.connections.get(accountId) === existing) this.connections.delete(accountId);
    }
    const opening = this.open(settings).then(async (client) => {
      // Opened while the app was shutting down: nobody will close it later.
      if (this.closed) {
        await disconnectImap(client);
        throw new Error('The connection pool is closed');
      }
      return client;
    });
    this.connections.set(accountId, opening);
    opening.catch(() => {
      if (this.connections.get(accountId) === opening) this.connections.delete(accountId);
    });
    return opening;
  }

  /** Forgets and closes this client, and only this one: a newer connection may already have replaced it. */
  async discard(accountId: string, client: ImapFlow): Promise<void> {
    const current = this.connections.get(accountId);
    if (current !== undefined && (await current.catch(() => null)) === client) this.connections.delete(accountId);
    client.close();
  }

  /** Closes the account's connection for good (the account was removed). */
  async close(accountId: string): Promise<void> {
    const opening = this.connections.get(accountId);
    this.connections.delete(accountId);
    const client = await opening?.catch(() => null);
    if (client !== null && client !== undefined) await disconnectImap(client);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    const pending = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(
      pending.map(async (opening) => {
        const client = await opening.catch(() => null);
        if (client !== null) await disconnectImap(client);
      }),
    );
  }
}
