import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageRef } from '../../shared/cache/delta';
import type { AccountDraft } from '../../shared/domain/account';
import { folderKey } from '../../shared/domain/folder';
import type { CacheRequest, CommandInput, CommandName, CommandOutput, EngineEvent } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { FileSecretStore } from '../../electron/accounts/file-secret-store';
import { dispatch } from '../../electron/ipc/dispatch';
import type { DesktopIntegration } from '../../electron/ipc/handlers';
import type { WindowSession } from '../../electron/ipc/window-session';
import { DownloadsFolder } from '../../electron/attachments/downloads-folder';
import { Services } from '../../electron/services';
import type { SettingsDiscovery } from '../../electron/accounts/discovery/discover';
import type { OAuthSettings } from '../../electron/accounts/account-service';
import type { EngineOptions } from '../../electron/sync/engine';
import { MailCache } from '../../renderer/src/cache/db';
import { serveCacheRequest } from '../../renderer/src/cache/serve';
import { CacheWriter } from '../../renderer/src/cache/writer';
import type { DovecotInfo, TestUser } from './dovecot';
import { expectNoSecretsInTree, testSecrets } from './secret-scan';

/**
 * Main's services wired to the renderer's real cache writer over fake-indexeddb: the same code as the
 * app, with an in-process transport in place of IPC.
 */
export interface TestEngine {
  services: Services;
  session: WindowSession;
  db: MailCache;
  events: EngineEvent[];
  /** Every request the engine made of the cache, in order. */
  cacheRequests: CacheRequest[];
  dataDir: string;
  invoke<C extends CommandName>(channel: C, input: CommandInput<C>): Promise<Result<CommandOutput<C>>>;
  /** A cached message's reference, with the UIDVALIDITY its folder was synced under. */
  messageRef(accountId: string, path: string, uid: number): Promise<MessageRef>;
  /** Calls a channel with anything at all, as a hostile window would. */
  invokeRaw(channel: unknown, input: unknown): Promise<Result<unknown>>;
  /** Quits the engine as the app would, keeping its data and cache for `restartOf`. */
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

export interface TestEngineOptions {
  /** Answers a cache request in the writer's place (a failing disk, say); null lets the writer answer. */
  interceptCache?: (request: CacheRequest) => Result<unknown> | null;
  /** Push (IDLE) is off unless a test asks for it, so that explicit syncs see every change themselves. */
  engine?: EngineOptions;
  /**
   * Serves cache requests in place of this thread's writer (a CacheThread: the cache on a thread of its
   * own, as it is in another process in the app). `db` then stays empty.
   */
  serveCache?: (request: CacheRequest) => Promise<Result<unknown>>;
  /** Called once the writer has answered a request: when data is really in the cache. */
  afterCacheRequest?: (request: CacheRequest) => void;
  /** Another engine's cache, to sync into what it already holds (as after an app restart). */
  db?: MailCache;
  /** The cache's storage budget for bodies kept offline. */
  bodyBudgetBytes?: number;
  /** A stopped engine whose accounts and cache this one starts with, as the app does after a restart. */
  restartOf?: TestEngine;
  /** What the desktop shell does (open files, the badge); by default nothing, as in browser mode. */
  desktop?: DesktopIntegration;
  /** Settings discovery with its network on loopback; by default the real one. */
  discovery?: SettingsDiscovery;
  /** OAuth2 providers pointed at a local OAuth server; by default none. */
  oauth?: OAuthSettings;
}

export async function createTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const dataDir = options.restartOf?.dataDir ?? (await mkdtemp(join(tmpdir(), 'kestrel-data-')));
  const services = new Services(
    dataDir,
    new FileSecretStore(join(dataDir, 'secrets.json')),
    new DownloadsFolder(join(dataDir, 'downloads')),
    { push: false, ...options.engine },
    options.desktop,
    undefined,
    options.discovery,
    options.oauth ?? { providers: {} },
  );
  const db =
    options.db ??
    options.restartOf?.db ??
    new MailCache(`kestrel-test-${randomBytes(6).toString('hex')}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const writer = new CacheWriter(db, options.bodyBudgetBytes);
  const events: EngineEvent[] = [];
  const cacheRequests: CacheRequest[] = [];
  const session: WindowSession = services.openSession({
    sendCacheRequest: (id, request) => {
      cacheRequests.push(request);
      const intercepted = options.interceptCache?.(request) ?? null;
      const served = intercepted ?? options.serveCache?.(request) ?? serveCacheRequest(writer, request);
      void Promise.resolve(served).then((result) => {
        options.afterCacheRequest?.(request);
        session.receiveReply(id, result);
      });
    },
    sendEvent: (event) => events.push(event),
  });
  const invokeRaw = (channel: unknown, input: unknown): Promise<Result<unknown>> => dispatch(services.handlers, channel, input, session);
  return {
    services,
    session,
    db,
    events,
    cacheRequests,
    dataDir,
    invoke: (channel, input) => invokeRaw(channel, input) as Promise<Result<CommandOutput<typeof channel>>>,
    invokeRaw,
    messageRef: async (accountId, path, uid) => {
      const state = await db.folderStates.get(folderKey(accountId, path));
      if (state === undefined) throw new Error(`${path} has not been synced`);
      return { accountId, path, uidValidity: state.uidValidity, uid };
    },
    stop: () => services.shutdown(),
    dispose: async () => {
      await services.shutdown();
      db.close();
      // Whatever the test did, no password of its users may sit anywhere but the secrets file.
      try {
        expectNoSecretsInTree(dataDir, testSecrets(), new Set([join(dataDir, 'secrets.json')]));
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export function draftFor(info: DovecotInfo, user: TestUser, overrides: Partial<AccountDraft> = {}): AccountDraft {
  return {
    displayName: 'Kestrel Tester',
    email: user.email,
    host: info.host,
    port: info.tlsPort,
    security: 'tls',
    username: user.username,
    password: user.password,
    ...overrides,
  };
}

export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
