import type { ImapFlow } from 'imapflow';
import type { MessageRef } from '../../shared/cache/delta';
import type { CachePort } from '../../shared/cache/port';
import type { AccountStatus, EngineEvent } from '../../shared/ipc/contract';
import { AppFailure, type AppError } from '../../shared/ipc/result';
import type { AccountService } from '../accounts/account-service';
import { connectImap, disconnectImap } from '../imap/connect';
import { describeImapError, isOfflineError } from '../imap/errors';
import { log } from '../log';
import { fetchDisplayBody } from './body-fetch';
import { listFolders } from './folders';
import { syncFolderHeaders } from './folder-sync';

export interface SyncReport {
  folders: number;
  newMessages: number;
}

const INBOX = 'INBOX';

/**
 * Owns the IMAP connections of every account and moves what the server has into a cache port. It never
 * holds a mailbox in memory: headers stream through in batches, each acknowledged by the cache.
 */
export class SyncEngine {
  private readonly connections = new Map<string, Promise<ImapFlow>>();
  private readonly syncs = new Map<string, Promise<SyncReport>>();

  constructor(
    private readonly accounts: AccountService,
    private readonly emit: (event: EngineEvent) => void,
  ) {}

  /** One sync per account at a time: a second caller joins the one running. */
  syncAccount(accountId: string, cache: CachePort): Promise<SyncReport> {
    const running = this.syncs.get(accountId);
    if (running !== undefined) return running;
    const sync = this.runSync(accountId, cache).finally(() => this.syncs.delete(accountId));
    this.syncs.set(accountId, sync);
    return sync;
  }

  async fetchBody(ref: MessageRef, cache: CachePort): Promise<{ fetched: boolean }> {
    if (await cache.hasBody(ref)) return { fetched: false };
    const body = await this.withConnection(ref.accountId, (client) => fetchDisplayBody(client, ref));
    await cache.apply({ kind: 'body', accountId: ref.accountId, path: ref.path, uidValidity: ref.uidValidity, uid: ref.uid, body });
    return { fetched: true };
  }

  async close(): Promise<void> {
    const pending = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(pending.map(async (connection) => disconnectImap(await connection).catch(() => undefined)));
  }

  private async runSync(accountId: string, cache: CachePort): Promise<SyncReport> {
    this.status({ accountId, state: 'connecting' });
    const settings = await this.accounts.connectionSettings(accountId);
    await cache.apply({ kind: 'account', account: settings.account });
    const report = await this.withConnection(accountId, async (client) => {
      const folders = await listFolders(client, accountId);
      await cache.apply({ kind: 'folders', accountId, folders });
      this.status({ accountId, state: 'syncing', folder: INBOX });
      const { newMessages } = await syncFolderHeaders({
        client,
        cache,
        accountId,
        path: INBOX,
        onProgress: (progress) => {
          this.status({ accountId, state: 'syncing', folder: INBOX, progress });
        },
      });
      return { folders: folders.length, newMessages };
    });
    this.status({ accountId, state: 'idle' });
    log.info('sync.done', { accountId, folders: report.folders, newMessages: report.newMessages });
    return report;
  }

  /**
   * Runs work on the account's connection, opening one when there is none. A failure drops the
   * connection (imapflow never reuses a closed client) and is reported as the account's status.
   */
  private async withConnection<T>(accountId: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const settings = await this.accounts.connectionSettings(accountId);
    try {
      const client = await this.connection(accountId, settings);
      return await work(client);
    } catch (error) {
      const appError = describeImapError(error, settings);
      await this.dropConnection(accountId);
      this.reportFailure(accountId, appError);
      throw new AppFailure(appError);
    }
  }

  private async connection(accountId: string, settings: Parameters<typeof connectImap>[0]): Promise<ImapFlow> {
    const existing = this.connections.get(accountId);
    if (existing !== undefined) {
      const client = await existing.catch(() => null);
      if (client?.usable === true) return client;
      this.connections.delete(accountId);
    }
    const opening = connectImap(settings);
    this.connections.set(accountId, opening);
    opening.catch(() => this.connections.delete(accountId));
    return opening;
  }

  private async dropConnection(accountId: string): Promise<void> {
    const existing = this.connections.get(accountId);
    this.connections.delete(accountId);
    const client = existing === undefined ? null : await existing.catch(() => null);
    if (client !== null) client.close();
  }

  private reportFailure(accountId: string, error: AppError): void {
    const offline = isOfflineError(error);
    log.warn(offline ? 'account.offline' : 'account.error', { accountId, code: error.code });
    this.status(offline ? { accountId, state: 'offline', error } : { accountId, state: 'error', error });
  }

  private status(status: AccountStatus): void {
    this.emit({ type: 'status', status });
  }
}
