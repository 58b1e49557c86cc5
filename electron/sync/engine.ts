import type { ImapFlow } from 'imapflow';
import type { MessageRef } from '../../shared/cache/delta';
import type { CachePort } from '../../shared/cache/port';
import type { AccountStatus, EngineEvent } from '../../shared/ipc/contract';
import { AppFailure, type AppError } from '../../shared/ipc/result';
import type { AccountService } from '../accounts/account-service';
import { connectImap, type ConnectionSettings } from '../imap/connect';
import { ConnectionPool } from '../imap/connection-pool';
import { describeImapError, isOfflineError } from '../imap/errors';
import { leaveReadOnlyMailbox } from '../imap/mailbox';
import type { ServerQuirks } from '../imap/server-quirks';
import { log } from '../log';
import { fetchDisplayBody } from './body-fetch';
import { isUnchanged, listFolders } from './folders';
import { syncFolderHeaders } from './folder-sync';

export interface SyncReport {
  folders: number;
  newMessages: number;
}

export interface EngineOptions {
  /** Server quirks by host; tests use it to hold a server to a lower tier than it offers. */
  quirks?: (host: string) => ServerQuirks;
}

/** Attempts for work whose connection died under it (a BYE, a reset): the work is idempotent. */
const MAX_ATTEMPTS = 3;
const RETRY_BASE_MS = 200;

function retryDelay(attempt: number): Promise<void> {
  // Jitter keeps several accounts (or clients) from hammering a recovering server in step.
  const ms = RETRY_BASE_MS * 2 ** (attempt - 1) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** imapflow marks a SELECT of a folder that no longer exists; a sync skips it, the next LIST drops it. */
function isMissingMailbox(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'mailboxMissing' in error && error.mailboxMissing === true;
}

/**
 * Owns the IMAP connections of every account and moves what the server has into a cache port. It never
 * holds a mailbox in memory: headers stream through in batches, each acknowledged by the cache.
 */
export class SyncEngine {
  private readonly pool: ConnectionPool<ConnectionSettings>;
  private readonly syncs = new Map<string, Promise<SyncReport>>();

  constructor(
    private readonly accounts: AccountService,
    private readonly emit: (event: EngineEvent) => void,
    options: EngineOptions = {},
  ) {
    this.pool = new ConnectionPool((settings) => connectImap(settings, options.quirks?.(settings.host)));
  }

  /** One sync per account at a time: a second caller joins the one running. */
  syncAccount(accountId: string, cache: CachePort): Promise<SyncReport> {
    const running = this.syncs.get(accountId);
    if (running !== undefined) return running;
    const sync = this.runSync(accountId, cache).finally(() => this.syncs.delete(accountId));
    this.syncs.set(accountId, sync);
    return sync;
  }

  /** Failures go back to the reader that asked; they say nothing about the account's sync. */
  async fetchBody(ref: MessageRef, cache: CachePort): Promise<{ fetched: boolean }> {
    if (await cache.hasBody(ref)) return { fetched: false };
    const body = await this.withConnection(ref.accountId, (client) => fetchDisplayBody(client, ref));
    await cache.apply({ kind: 'body', accountId: ref.accountId, path: ref.path, uidValidity: ref.uidValidity, uid: ref.uid, body });
    return { fetched: true };
  }

  close(): Promise<void> {
    return this.pool.closeAll();
  }

  private async runSync(accountId: string, cache: CachePort): Promise<SyncReport> {
    this.status({ accountId, state: 'connecting' });
    try {
      const settings = await this.accounts.connectionSettings(accountId);
      await cache.apply({ kind: 'account', account: settings.account });
      const report = await this.withConnection(accountId, (client) => this.syncFolders(client, accountId, cache));
      this.status({ accountId, state: 'idle' });
      log.info('sync.done', { accountId, folders: report.folders, newMessages: report.newMessages });
      return report;
    } catch (error) {
      const appError = error instanceof AppFailure ? error.appError : describeUnexpected(error);
      this.reportFailure(accountId, appError);
      throw new AppFailure(appError);
    }
  }

  /** INBOX first, then the other special-use folders, then the rest; unchanged folders cost no SELECT. */
  private async syncFolders(client: ImapFlow, accountId: string, cache: CachePort): Promise<SyncReport> {
    await leaveReadOnlyMailbox(client);
    const listed = await listFolders(client, accountId);
    await cache.apply({ kind: 'folders', accountId, folders: listed.map((entry) => entry.folder) });
    let newMessages = 0;
    for (const { folder, status } of listed) {
      if (!folder.selectable) continue;
      const ref = { accountId, path: folder.path };
      if (isUnchanged(status, await cache.folderState(ref))) continue;
      this.status({ accountId, state: 'syncing', folder: folder.path });
      try {
        const folderReport = await syncFolderHeaders({
          client,
          cache,
          ...ref,
          onProgress: (progress) => {
            this.status({ accountId, state: 'syncing', folder: folder.path, progress });
          },
        });
        newMessages += folderReport.newMessages;
      } catch (error) {
        if (!isMissingMailbox(error)) throw error;
        log.info('sync.folder_vanished', { accountId });
      }
    }
    return { folders: listed.length, newMessages };
  }

  /**
   * Runs work on the account's connection, opening one when there is none. When the connection dies under
   * the work, it is replaced and the work runs again; failures decided above IMAP (the cache, a message
   * gone) pass through untouched and leave the connection open.
   */
  private async withConnection<T>(accountId: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const settings = await this.accounts.connectionSettings(accountId);
    for (let attempt = 1; ; attempt++) {
      let client: ImapFlow | null = null;
      try {
        client = await this.pool.acquire(accountId, settings);
        return await work(client);
      } catch (error) {
        if (error instanceof AppFailure) throw error;
        const lost = client !== null && !client.usable;
        if (client !== null && lost) await this.pool.discard(accountId, client);
        if (lost && attempt < MAX_ATTEMPTS) {
          log.info('imap.connection_lost', { accountId, attempt });
          await retryDelay(attempt);
          continue;
        }
        throw new AppFailure(describeImapError(error, settings));
      }
    }
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

function describeUnexpected(error: unknown): AppError {
  log.error('sync.unexpected', { reason: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
  return { code: 'INTERNAL', message: 'Sync stopped on an unexpected problem. Try again; if it keeps happening, restart the app.' };
}
