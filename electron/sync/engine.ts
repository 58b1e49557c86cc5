import type { ImapFlow } from 'imapflow';
import type { CacheDelta, MessageRef } from '../../shared/cache/delta';
import type { CachePort } from '../../shared/cache/port';
import type { AccountStatus, EngineEvent } from '../../shared/ipc/contract';
import { AppFailure, type AppError } from '../../shared/ipc/result';
import type { AccountService } from '../accounts/account-service';
import { connectImap, connectionFailure, type ConnectionSettings } from '../imap/connect';
import { ConnectionPool } from '../imap/connection-pool';
import { describeImapError, isOfflineError, needsUserAction } from '../imap/errors';
import { isMissingMailbox, leaveReadOnlyMailbox } from '../imap/mailbox';
import { ImpossibleFolderNumbers } from '../imap/folder-numbers';
import type { ServerQuirks } from '../imap/server-quirks';
import { log } from '../log';
import { imapRefusalOf } from '../imap/message-commands';
import { ReplayPaused, replayOperations } from '../operations/replay';
import { WaitingForAccount } from '../operations/message-operations';
import { OperationRefused } from '../operations/refusals';
import { RepeatedRefusals, type RefusalPatience } from '../operations/repeated-refusals';
import { RetrySchedule } from '../operations/retry-schedule';
import { downloadPartToFile } from './attachment-download';
import { fetchDisplayBody } from './body-fetch';
import { fetchInlineImages } from './inline-images';
import { OfflinePrefetch } from './offline-prefetch';
import { FlagPasses, type FlagPassOptions } from './flag-passes';
import { countsUnchanged, isUnchanged, listFolders } from './folders';
import { syncFolderHeaders, type FolderSyncReport } from './folder-sync';
import { progressMeter } from './progress-rate';
import { onlyTheNameLeft, refusedFolderVerdict } from './refused-folder';
import { PushWatcher } from './push-watcher';
import { searchFolders, type FolderHits } from './server-search';
import type { SearchQuery } from '../../shared/search/query';

export interface SyncReport {
  folders: number;
  newMessages: number;
}

export interface EngineOptions {
  /** Server quirks by host; tests use it to hold a server to a lower tier than it offers. */
  quirks?: (host: string) => ServerQuirks;
  /** Watch INBOX with IDLE after a sync (default true); tests of explicit syncs turn it off. */
  push?: boolean;
  /** Previews for the newest page of each folder (default true); off, a sync reads headers only. */
  previews?: boolean;
  /** Sees every command the sync and interactive connections send; the benchmark counts FETCHes with it. */
  onCommand?: (line: string, connection: 'sync' | 'interactive') => void;
  /**
   * How long a connection may stay silent while a command waits for its answer before it counts as dead
   * (default imapLimits.socketTimeout); tests of servers that hang shorten it.
   */
  silenceTimeoutMs?: number;
  /** How often folders other than the watched one are looked at (default five minutes); tests shorten it. */
  pollIntervalMs?: number;
  /** How background work reads flags on servers without CONDSTORE; tests make the window small. */
  flagPasses?: FlagPassOptions;
  /** How long a queued change the server keeps refusing for no final reason is tried; tests shorten it. */
  refusalPatience?: RefusalPatience;
}

const INBOX = 'INBOX';

/**
 * Who wants a sync: the user (or a change of settings), who expects everything checked; or background work
 * (the poll, the resync after a replayed change), which may read fewer flags on servers without CONDSTORE.
 */
export type SyncWork = 'asked' | 'background';
/** Unchanged folders cost one LIST-STATUS round trip per account, so every few minutes is cheap. */
const OTHER_FOLDERS_POLL_MS = 5 * 60_000;

/** Attempts for work whose connection died under it (a BYE, a reset): the work is idempotent. */
const MAX_ATTEMPTS = 3;
const RETRY_BASE_MS = 200;

function retryDelay(attempt: number): Promise<void> {
  // Jitter keeps several accounts (or clients) from hammering a recovering server in step.
  const ms = RETRY_BASE_MS * 2 ** (attempt - 1) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Owns the IMAP connections of every account and moves what the server has into a cache port. It never
 * holds a mailbox in memory: headers stream through in batches, each acknowledged by the cache.
 */
export class SyncEngine {
  /** Header sync and resync, one folder at a time. */
  private readonly syncPool: ConnectionPool<ConnectionSettings>;
  /** What the user waits for (opening a message), so it never queues behind a long sync. */
  private readonly interactivePool: ConnectionPool<ConnectionSettings>;
  private readonly syncs = new Map<string, { cache: CachePort; sync: Promise<SyncReport>; work: SyncWork }>();
  /** The cache each account's pushed changes go to: the window that last asked for a sync. */
  private readonly attached = new Map<string, CachePort>();
  private readonly watchers = new Map<string, PushWatcher>();
  /** The folder each account's window has open: the one IDLE watches (INBOX when none). */
  private readonly openFolders = new Map<string, string>();
  private readonly syncQueues = new Map<string, Promise<unknown>>();
  private readonly pendingRefreshes = new Set<string>();
  private closed = false;
  private readonly lastWritten = new WeakMap<CachePort, Map<string, string>>();
  private readonly offline: OfflinePrefetch;
  /** IDLE covers the open folder only; the others are looked at with LIST-STATUS now and then. */
  private readonly pollers = new Map<string, NodeJS.Timeout>();
  private readonly flagPasses: FlagPasses;
  /** Queued changes the server refused for no final reason, counted until they are given up. */
  private readonly repeatedRefusals: RepeatedRefusals;
  /** Queued changes that could not be sent are tried again by themselves, ever less often. */
  private readonly replayRetries = new RetrySchedule((accountId) => {
    const cache = this.attached.get(accountId);
    if (cache !== undefined && !this.closed) this.replayOperations(accountId, cache).catch(() => undefined);
  });

  constructor(
    private readonly accounts: AccountService,
    private readonly emit: (event: EngineEvent) => void,
    private readonly options: EngineOptions = {},
  ) {
    const opener =
      (connection: 'sync' | 'interactive') =>
      (settings: ConnectionSettings): Promise<ImapFlow> => {
        const observe = options.onCommand;
        return connectImap(settings, options.quirks?.(settings.host), {
          ...(options.silenceTimeoutMs === undefined ? {} : { silenceTimeoutMs: options.silenceTimeoutMs }),
          ...(observe === undefined
            ? {}
            : {
                onCommand: (line: string) => {
                  observe(line, connection);
                },
              }),
        });
      };
    this.flagPasses = new FlagPasses(options.flagPasses);
    this.repeatedRefusals = new RepeatedRefusals(options.refusalPatience);
    this.syncPool = new ConnectionPool(opener('sync'));
    this.interactivePool = new ConnectionPool(opener('interactive'));
    this.offline = new OfflinePrefetch({
      offlineFolders: async (accountId) => (await this.accounts.connectionSettings(accountId)).account.offlineFolders,
      onInteractiveConnection: (accountId, work) => this.withConnection(this.interactivePool, accountId, work),
    });
  }

  /**
   * One sync per account at a time. A second caller for the same window joins the one running; another
   * window's sync follows it, since it fills another cache. Afterwards the account's INBOX is watched
   * with IDLE, and the watcher reconnects by itself when the server was unreachable.
   */
  syncAccount(accountId: string, cache: CachePort, work: SyncWork = 'asked'): Promise<SyncReport> {
    this.attached.set(accountId, cache);
    const running = this.syncs.get(accountId);
    // A sync the user asks for while a background one runs follows it: the background one reads fewer flags.
    if (running?.cache === cache && (running.work === 'asked' || work === 'background')) return running.sync;
    if (this.closed) return Promise.reject(new AppFailure({ code: 'INTERNAL', message: 'Kestrel is shutting down.' }));
    const sync = this.onSyncConnection(accountId, () => this.runSync(accountId, cache, work));
    const entry = { cache, sync, work };
    this.syncs.set(accountId, entry);
    sync.then(
      () => {
        if (this.closed) return;
        this.watch(accountId);
        this.warmUp(accountId);
        this.offline.start(accountId, cache);
      },
      (error: unknown) => {
        // One folder's impossible numbers fail the sync only once every other folder has synced: push and
        // polling go on for the account, as they do while it is offline.
        if (error instanceof ImpossibleFolderNumbers || (error instanceof AppFailure && isOfflineError(error.appError))) this.watch(accountId);
      },
    );
    void sync
      .catch(() => undefined)
      .finally(() => {
        if (this.syncs.get(accountId) === entry) this.syncs.delete(accountId);
      });
    return sync;
  }

  /** Failures go back to the reader that asked; they say nothing about the account's sync. */
  async fetchBody(ref: MessageRef, cache: CachePort): Promise<{ fetched: boolean }> {
    if (await cache.hasBody(ref)) return { fetched: false };
    const body = await this.withConnection(this.interactivePool, ref.accountId, (client) => fetchDisplayBody(client, ref));
    await cache.apply({ kind: 'body', accountId: ref.accountId, path: ref.path, uidValidity: ref.uidValidity, uid: ref.uid, body });
    return { fetched: true };
  }

  /** The user allowed images: the ones the message carries itself (cid:) come into the cache. */
  async fetchInlineImages(ref: MessageRef, cache: CachePort): Promise<{ images: number }> {
    const images = await this.withConnection(this.interactivePool, ref.accountId, (client) => fetchInlineImages(client, ref));
    await cache.apply({ kind: 'inlineImages', accountId: ref.accountId, path: ref.path, uidValidity: ref.uidValidity, uid: ref.uid, images });
    return { images: Object.keys(images).length };
  }

  /** Server search, on the interactive connection: the user waits for it, and it must not queue behind a sync. */
  searchServer(accountId: string, paths: readonly string[], query: SearchQuery, cache: CachePort): Promise<FolderHits[]> {
    return this.withConnection(this.interactivePool, accountId, (client) => searchFolders(client, cache, accountId, paths, query));
  }

  /** Streams an attachment to a file; like body fetches, on the interactive connection. */
  saveAttachment(ref: MessageRef, part: string, destination: string): Promise<number> {
    return this.withConnection(this.interactivePool, ref.accountId, (client) => downloadPartToFile(client, ref, part, destination));
  }

  /**
   * Replays the account's queued changes now (the window just queued one), then brings what they touched
   * back in step. Offline, they stay queued: the next sync after the connection returns replays them.
   */
  async replayOperations(accountId: string, cache: CachePort): Promise<{ remaining: number }> {
    this.attached.set(accountId, cache);
    try {
      await this.onSyncConnection(accountId, async () => {
        const settings = await this.accounts.connectionSettings(accountId);
        await this.withConnection(this.syncPool, accountId, async (client) => {
          const replayed = await this.replayQueue(client, accountId, cache);
          if (replayed > 0) await this.syncFolders(client, accountId, cache, settings.account.offlineFolders, 'background');
        });
        this.status({ accountId, state: 'idle' });
      });
    } catch (error) {
      if (error instanceof ReplayPaused || error instanceof WaitingForAccount) {
        // Not the account's failure: the change waits in the queue, shown as waiting, for its retry.
        this.waitForOtherQueue(error, cache);
        this.replayRetries.failed(accountId);
        return { remaining: (await cache.pendingOperations(accountId)).length };
      }
      const appError = error instanceof AppFailure ? error.appError : describeUnexpected(error);
      this.reportFailure(accountId, appError);
      await this.retryReplayLater(accountId, cache, appError);
      if (!isOfflineError(appError)) throw new AppFailure(appError);
    }
    return { remaining: (await cache.pendingOperations(accountId)).length };
  }

  /** Changes still queued after a failure are tried again later; a rejected password or certificate is not retried. */
  private async retryReplayLater(accountId: string, cache: CachePort, error: AppError): Promise<void> {
    if (this.closed || needsUserAction(error) || error.code === 'CACHE_UNAVAILABLE') return;
    const pending = await cache.pendingOperations(accountId).catch(() => []);
    if (pending.length > 0) this.replayRetries.failed(accountId);
  }

  /** The account was removed: its connections close and nothing of it runs any more. */
  async forgetAccount(accountId: string): Promise<void> {
    this.unwatch(accountId);
    this.stopPolling(accountId);
    this.replayRetries.succeeded(accountId);
    this.attached.delete(accountId);
    this.openFolders.delete(accountId);
    await Promise.all([this.syncPool.close(accountId), this.interactivePool.close(accountId)]);
  }

  /** Resolves once the account's running prefetch, if any, has stopped; tests and the benchmark wait on it. */
  prefetchSettled(accountId: string): Promise<void> {
    return this.offline.settled(accountId);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const accountId of [...this.watchers.keys()]) this.unwatch(accountId);
    for (const accountId of [...this.pollers.keys()]) this.stopPolling(accountId);
    this.replayRetries.stopAll();
    this.attached.clear();
    await Promise.all([this.syncPool.closeAll(), this.interactivePool.closeAll()]);
  }

  /** Adds a folder to the account's offline folders (or takes it out) and syncs, which prefetches. */
  async setKeepOffline(accountId: string, path: string, keepOffline: boolean, cache: CachePort): Promise<void> {
    await this.accounts.setKeepOffline(accountId, path, keepOffline);
    await this.syncAccount(accountId, cache);
  }

  /**
   * Opens the interactive connection with INBOX selected ahead of need, so that opening the first message
   * costs one FETCH instead of a TLS handshake, a login and a SELECT. Failure costs nothing: the first
   * open then connects on demand.
   */
  private warmUp(accountId: string): void {
    this.withConnection(this.interactivePool, accountId, async (client) => {
      const lock = await client.getMailboxLock(INBOX, { readOnly: true, description: 'warm up' });
      lock.release();
    }).catch(() => undefined);
  }

  /** The window opened another folder: IDLE moves there, so its changes arrive at once. */
  watchFolder(accountId: string, path: string): void {
    if (this.openFolders.get(accountId) === path) return;
    this.openFolders.set(accountId, path);
    if (!this.watchers.has(accountId)) return;
    this.unwatch(accountId);
    this.watch(accountId);
  }

  private watch(accountId: string): void {
    this.poll(accountId);
    if (this.closed || this.options.push === false || this.watchers.has(accountId) || !this.attached.has(accountId)) return;
    const path = this.openFolders.get(accountId) ?? INBOX;
    const watcher = new PushWatcher({
      accountId,
      path,
      connect: async () => {
        const settings = await this.accounts.connectionSettings(accountId);
        const silence = this.options.silenceTimeoutMs;
        return connectImap(settings, this.options.quirks?.(settings.host), {
          idles: true,
          ...(silence === undefined ? {} : { silenceTimeoutMs: silence }),
        });
      },
      onChange: () => {
        this.refreshFolder(accountId, path);
      },
      onReconnected: () => {
        const cache = this.attached.get(accountId);
        if (cache !== undefined) this.syncAccount(accountId, cache).catch(() => undefined);
      },
      onConnectFailed: (error) => {
        if (isMissingMailbox(error) && path !== INBOX) {
          // The open folder went away: watch INBOX instead.
          this.watchFolder(accountId, INBOX);
          return;
        }
        if (!(error instanceof AppFailure)) return; // A drop mid-SELECT or mid-IDLE: the watcher retries.
        this.reportFailure(accountId, error.appError);
        // Only what a retry cannot fix stops the watcher; being offline is what it waits out.
        if (needsUserAction(error.appError) || error.appError.code === 'NOT_FOUND') this.unwatch(accountId);
      },
    });
    this.watchers.set(accountId, watcher);
    watcher.start();
  }

  /** Other folders than the watched one are looked at with LIST-STATUS now and then, whatever folder is open. */
  private poll(accountId: string): void {
    if (this.closed || this.pollers.has(accountId)) return;
    const poller = setInterval(() => {
      const cache = this.attached.get(accountId);
      if (cache !== undefined) this.syncAccount(accountId, cache, 'background').catch(() => undefined);
    }, this.options.pollIntervalMs ?? OTHER_FOLDERS_POLL_MS);
    poller.unref();
    this.pollers.set(accountId, poller);
  }

  private unwatch(accountId: string): void {
    this.watchers.get(accountId)?.stop();
    this.watchers.delete(accountId);
  }

  private stopPolling(accountId: string): void {
    clearInterval(this.pollers.get(accountId));
    this.pollers.delete(accountId);
  }

  /**
   * Resyncs one folder after a push. Refreshes of an account run one after another, and a burst of
   * pushes while one is waiting costs one more refresh, not one per event.
   */
  private refreshFolder(accountId: string, path: string): void {
    if (this.pendingRefreshes.has(accountId)) return;
    this.pendingRefreshes.add(accountId);
    void this.onSyncConnection(accountId, async () => {
      this.pendingRefreshes.delete(accountId);
      const cache = this.attached.get(accountId);
      if (cache === undefined || this.closed) return;
      try {
        const ref = { accountId, path };
        const report = await this.withConnection(this.syncPool, accountId, (client) =>
          syncFolderHeaders({ client, cache, ...ref, previews: this.options.previews, recentFlags: this.flagPasses.scope(ref, true) }),
        );
        if (report.readAllFlags) this.flagPasses.fullPassDone(ref);
        this.announceNewMail(accountId, path, report);
        this.status({ accountId, state: 'idle' });
      } catch (error) {
        const appError = error instanceof AppFailure ? error.appError : describeUnexpected(error);
        if (appError.code === 'CACHE_UNAVAILABLE') {
          // The window closed: nobody is left to show pushed changes to.
          this.attached.delete(accountId);
          this.unwatch(accountId);
          this.stopPolling(accountId);
          return;
        }
        this.reportFailure(accountId, appError);
      }
    });
  }

  /**
   * Everything that uses an account's sync connection runs one after another: a sync that leaves the
   * selected folder (CLOSE) or reads LIST-STATUS must never interleave with a refresh inside a folder.
   */
  private onSyncConnection<T>(accountId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.syncQueues.get(accountId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    this.syncQueues.set(accountId, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (this.syncQueues.get(accountId) === next) this.syncQueues.delete(accountId);
      });
    return next;
  }

  private async runSync(accountId: string, cache: CachePort, work: SyncWork): Promise<SyncReport> {
    this.status({ accountId, state: 'connecting' });
    try {
      const settings = await this.accounts.connectionSettings(accountId);
      await this.applyIfChanged(cache, { kind: 'account', account: settings.account });
      const report = await this.withConnection(this.syncPool, accountId, async (client) => {
        await this.replayBeforeSync(client, accountId, cache);
        return this.syncFolders(client, accountId, cache, settings.account.offlineFolders, work);
      });
      this.status({ accountId, state: 'idle' });
      log.info('sync.done', { accountId, folders: report.folders, newMessages: report.newMessages });
      return report;
    } catch (error) {
      const appError = error instanceof AppFailure ? error.appError : describeUnexpected(error);
      this.reportFailure(accountId, appError);
      await this.retryReplayLater(accountId, cache, appError);
      throw error instanceof ImpossibleFolderNumbers ? error : new AppFailure(appError);
    }
  }

  /**
   * Queued changes first (RFC 4549 section 3): the sync then reads a server that has them. A change the
   * server will not take now must not keep the account's mail from syncing: it waits for its retry, and
   * the folders sync meanwhile. A dropped connection, or a window gone, still ends the sync.
   */
  private async replayBeforeSync(client: ImapFlow, accountId: string, cache: CachePort): Promise<void> {
    try {
      await this.replayQueue(client, accountId, cache);
    } catch (error) {
      if (!client.usable || (error instanceof AppFailure && error.appError.code === 'CACHE_UNAVAILABLE')) throw error;
      log.warn('operation.replay_paused', { accountId, code: error instanceof ReplayPaused ? (error.refusal.code ?? 'none') : 'failed' });
      this.waitForOtherQueue(error, cache);
      this.replayRetries.failed(accountId);
    }
  }

  /** A move waiting for another account's folder change: that account's queue goes now, not at its next sync. */
  private waitForOtherQueue(error: unknown, cache: CachePort): void {
    if (error instanceof WaitingForAccount && !this.closed) this.replayOperations(error.accountId, cache).catch(() => undefined);
  }

  /** Returns how many changes were settled; any folder change means the folder list is read anew. */
  private async replayQueue(client: ImapFlow, accountId: string, cache: CachePort): Promise<number> {
    const report = await replayOperations(
      client,
      cache,
      accountId,
      (other, work) => this.withConnection(this.interactivePool, other, work, 1, true),
      this.repeatedRefusals,
    );
    this.replayRetries.succeeded(accountId);
    if (report.settled > 0) this.lastWritten.get(cache)?.delete(`folders ${accountId}`);
    // Mail moved to another account: its folders catch up (and its own queue goes) after this.
    for (const other of report.otherAccounts) if (other !== accountId) this.syncAccount(other, cache).catch(() => undefined);
    return report.settled;
  }

  /**
   * The account and its folder list rarely change between syncs: a delta equal to the last one this
   * window's cache took is not sent again. Kept per cache, so a reloaded window gets everything anew.
   */
  private async applyIfChanged(cache: CachePort, delta: CacheDelta & { kind: 'account' | 'folders' }): Promise<void> {
    const key = delta.kind === 'account' ? `account ${delta.account.id}` : `folders ${delta.accountId}`;
    const content = JSON.stringify(delta);
    const written = this.lastWritten.get(cache) ?? new Map<string, string>();
    if (written.get(key) === content) return;
    await cache.apply(delta);
    written.set(key, content);
    this.lastWritten.set(cache, written);
  }

  /** INBOX first, then the other special-use folders, then the rest; unchanged folders cost no SELECT. */
  private async syncFolders(
    client: ImapFlow,
    accountId: string,
    cache: CachePort,
    offlineFolders: readonly string[],
    work: SyncWork,
  ): Promise<SyncReport> {
    await leaveReadOnlyMailbox(client);
    const listed = await listFolders(client, accountId, offlineFolders);
    await this.applyIfChanged(cache, { kind: 'folders', accountId, folders: listed.map((entry) => entry.folder) });
    let newMessages = 0;
    /** The first folder whose numbers were refused: reported once the others are in step. */
    let refusedFolder: ImpossibleFolderNumbers | null = null;
    // Read at once, not a round trip to the cache per folder: only a folder's own sync writes its state,
    // and this account's syncs run one at a time.
    const states = await Promise.all(
      listed.map(({ folder }) => (folder.selectable ? cache.folderState({ accountId, path: folder.path }) : Promise.resolve(null))),
    );
    for (const [index, { folder, status }] of listed.entries()) {
      if (!folder.selectable) continue;
      const ref = { accountId, path: folder.path };
      const state = states[index] ?? null;
      const background = work === 'background';
      // Without a modseq, a folder where no mail came or went is read again in the background only when
      // its full flag pass is due. With one, a changed modseq always brings its (cheap) changes.
      const withoutModseq = state?.highestModseq === null || status?.highestModseq === undefined;
      const quietWithoutModseq = background && withoutModseq && countsUnchanged(status, state) && !this.flagPasses.due(ref);
      if (isUnchanged(status, state) || quietWithoutModseq) continue;
      this.status({ accountId, state: 'syncing', folder: folder.path });
      const meter = progressMeter();
      try {
        const folderReport = await syncFolderHeaders({
          client,
          cache,
          ...ref,
          previews: this.options.previews,
          recentFlags: this.flagPasses.scope(ref, background),
          onProgress: (progress) => {
            this.status({ accountId, state: 'syncing', folder: folder.path, progress: meter(progress) });
          },
        });
        if (folderReport.readAllFlags) this.flagPasses.fullPassDone(ref);
        newMessages += folderReport.newMessages;
        this.announceNewMail(accountId, folder.path, folderReport);
      } catch (error) {
        // A folder that vanished, or one the server lists but will not open (Dovecot lists a deleted
        // folder that still has subfolders), or one whose numbers cannot be: skipped, so that one folder
        // never stops the others.
        const refusal = imapRefusalOf(error);
        if (error instanceof ImpossibleFolderNumbers) refusedFolder ??= error;
        else if (isMissingMailbox(error)) log.info('sync.folder_vanished', { accountId });
        else if (refusal !== null && client.usable) {
          log.warn('sync.folder_refused', { accountId, code: refusal.code ?? 'none' });
          const verdict = refusedFolderVerdict(refusal, status);
          if (verdict === 'gone' || (verdict === 'ask' && (await onlyTheNameLeft(client, folder.path))))
            await cache.apply({ kind: 'folderEmptied', accountId, path: folder.path });
        } else throw error;
      }
    }
    if (refusedFolder !== null) throw refusedFolder;
    return { folders: listed.length, newMessages };
  }

  /**
   * Runs work on the account's connection, opening one when there is none. When the connection dies under
   * the work, it is replaced and the work runs again; failures decided above IMAP (the cache, a message
   * gone) pass through untouched and leave the connection open.
   */
  private async withConnection<T>(
    pool: ConnectionPool<ConnectionSettings>,
    accountId: string,
    work: (client: ImapFlow) => Promise<T>,
    maxAttempts = MAX_ATTEMPTS,
    /** The server's refusals (and the replay's own) pass through as they are: the replay judges them. */
    passRefusals = false,
  ): Promise<T> {
    const settings = await this.accounts.connectionSettings(accountId);
    for (let attempt = 1; ; attempt++) {
      let client: ImapFlow | null = null;
      try {
        client = await pool.acquire(accountId, settings);
        return await work(client);
      } catch (error) {
        if (error instanceof AppFailure) throw error;
        const lost = client !== null && !client.usable;
        if (passRefusals && !lost && (error instanceof OperationRefused || imapRefusalOf(error) !== null)) throw error;
        if (client !== null && lost) await pool.discard(accountId, client);
        // What killed the connection says more than the "connection closed" the command failed with.
        const failure = describeImapError(client !== null && lost ? (connectionFailure(client) ?? error) : error, settings);
        // Only a dropped connection is worth another try at once. A server that went silent for the whole
        // silence timeout, or sent an answer we cannot read, would most likely do it again: retrying would
        // multiply the wait before the user hears of it (three times five minutes for a hung server).
        if (lost && failure.code === 'HOST_UNREACHABLE' && attempt < maxAttempts) {
          log.info('imap.connection_lost', { accountId, attempt });
          await retryDelay(attempt);
          continue;
        }
        throw new AppFailure(failure);
      }
    }
  }

  /** New mail in an Inbox, after its first sync: the shell may show a notification. */
  private announceNewMail(accountId: string, path: string, report: FolderSyncReport): void {
    if (path !== INBOX || report.initial || report.newMessages === 0 || report.newest === null) return;
    const sender = report.newest.from[0];
    this.emit({
      type: 'newMail',
      accountId,
      path,
      count: report.newMessages,
      uid: report.newest.uid,
      from: (sender?.name || sender?.address || '').slice(0, 500),
      subject: report.newest.subject.slice(0, 500),
    });
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
