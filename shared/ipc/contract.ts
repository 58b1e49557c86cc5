import { z } from 'zod';
import { MAX_MAILTO_LENGTH } from '../compose/mailto';
import {
  accountDraftSchema,
  accountEditSchema,
  accountIdSchema,
  accountSummarySchema,
  oauthAccountDraftSchema,
  oauthProviderIdSchema,
} from '../domain/account';
import { certificateFingerprintSchema } from '../domain/certificate';
import { discoveredSettingsSchema } from '../domain/discovery';
import { secretStorageSchema } from '../domain/secret-storage';
import {
  messageRefSchema,
  type BodyStorage,
  type CacheDelta,
  type FolderRef,
  type FolderSyncState,
  type MessageRef,
  type WantedBody,
} from '../cache/delta';
import type { OperationCheckpoint, OperationOutcome, QueuedOperation } from '../domain/operation';
import { searchQuerySchema } from '../search/query';
import type { CommandName } from './channels';
import { appErrorSchema, type Result } from './result';

export { commandNames, isCommandName, ELECTRON_CHANNELS, type CommandName } from './channels';

interface CommandSchemas {
  input: z.ZodType;
  output: z.ZodType;
}

/**
 * Every command the renderer may send to main, once. Main parses each input with its schema before any
 * handler runs; a mapped type in main makes a missing handler a compile error.
 */
export const commands = {
  'accounts.list': { input: z.object({}).strict(), output: z.array(accountSummarySchema) },
  /** Connects and logs in before anything is saved: a failure leaves nothing behind. */
  'accounts.add': { input: accountDraftSchema.strict(), output: accountSummarySchema },
  /**
   * Finds IMAP settings for an address (known providers, the domain's autoconfig file, DNS SRV, common
   * host names), with where they came from. Needs no password and signs in nowhere.
   */
  'accounts.discover': { input: z.object({ email: accountDraftSchema.shape.email }).strict(), output: discoveredSettingsSchema },
  /** The OAuth2 providers this copy of Kestrel can sign in to (those with a client id configured). */
  'accounts.oauthProviders': { input: z.object({}).strict(), output: z.array(oauthProviderIdSchema) },
  /**
   * Starts an OAuth2 sign-in (PKCE, loopback redirect). The desktop app opens the URL in the system
   * browser itself (`opened`); in browser mode the page opens it in a new tab. No token ever comes back.
   */
  'accounts.beginOAuthSignIn': {
    input: z.object({ provider: oauthProviderIdSchema, loginHint: accountDraftSchema.shape.email.optional() }).strict(),
    output: z.object({ signInId: z.string(), authorizationUrl: z.url({ protocol: /^https?$/ }), opened: z.boolean() }),
  },
  'accounts.cancelOAuthSignIn': { input: z.object({ signInId: z.string().min(1).max(100) }).strict(), output: z.null() },
  /** Waits for the browser to finish the sign-in, logs in to the server with the token, and saves the account. */
  'accounts.addWithOAuth': { input: oauthAccountDraftSchema.strict(), output: accountSummarySchema },
  /** After SIGN_IN_AGAIN: a finished browser sign-in replaces the account's tokens, checked with a login first. Sync resumes. */
  'accounts.renewOAuthSignIn': {
    input: z.object({ accountId: accountIdSchema, signInId: z.string().min(1).max(100) }).strict(),
    output: z.null(),
  },
  /**
   * Changes an account's settings. New server settings are checked with a login (with the secret already
   * kept) before anything is saved; the account's connections then reopen with them.
   */
  'accounts.update': { input: accountEditSchema.strict(), output: accountSummarySchema },
  /** Replaces a rejected password; checked with a login before it is kept. Sync resumes. */
  'accounts.updatePassword': {
    input: z.object({ accountId: accountIdSchema, password: accountDraftSchema.shape.password }).strict(),
    output: z.null(),
  },
  /**
   * Trusts exactly this certificate (the fingerprint a CERTIFICATE_UNTRUSTED error showed) for this account,
   * once a connection that presents it succeeded. Sync resumes.
   */
  'accounts.trustCertificate': {
    input: z.object({ accountId: accountIdSchema, sha256: certificateFingerprintSchema }).strict(),
    output: z.null(),
  },
  /** Where passwords are kept (OS keychain or a private file) and why none can be saved now, if so. */
  'app.secretStorage': { input: z.object({}).strict(), output: secretStorageSchema },
  /** A mailto: link the system handed over, taken by the window that opens it (null when none waits). */
  'app.takeMailtoLink': { input: z.object({}).strict(), output: z.object({ mailto: z.string().max(MAX_MAILTO_LENGTH).nullable() }) },
  /** The unread count of every Inbox, for the dock or taskbar badge (Electron; nothing in a browser). */
  'app.setUnreadCount': { input: z.object({ count: z.number().int().nonnegative().max(10_000_000) }).strict(), output: z.null() },
  /** Forgets the account on this computer (settings, password, connections); the server keeps its mail. */
  'accounts.remove': { input: z.object({ accountId: accountIdSchema }).strict(), output: z.null() },
  /** Syncs the account's folder list and INBOX into the calling window's cache; resolves when done. */
  'sync.account': {
    input: z.object({ accountId: accountIdSchema }).strict(),
    output: z.object({ folders: z.number().int(), newMessages: z.number().int() }),
  },
  /** Keeps a folder's bodies available offline (prefetched within the storage budget), or stops. */
  'folders.setKeepOffline': {
    input: z.object({ accountId: accountIdSchema, path: z.string().min(1).max(1000), keepOffline: z.boolean() }).strict(),
    output: z.null(),
  },
  /** The folder the window shows: pushed changes (IDLE) follow it. */
  'sync.watchFolder': {
    input: z.object({ accountId: accountIdSchema, path: z.string().min(1).max(1000) }).strict(),
    output: z.null(),
  },
  /**
   * Replays the account's queued changes (the window just queued one); resolves with how many are still
   * waiting (offline, or the server asked to retry later).
   */
  'operations.replay': {
    input: z.object({ accountId: accountIdSchema }).strict(),
    output: z.object({ remaining: z.number().int().nonnegative() }),
  },
  /** Fetches the displayable part of one message into the cache (a no-op when it is cached already). */
  'messages.fetchBody': { input: messageRefSchema.strict(), output: z.object({ fetched: z.boolean() }) },
  /** Fetches the images the message's HTML shows by cid: (the user allowed images for it). */
  'messages.fetchInlineImages': { input: messageRefSchema.strict(), output: z.object({ images: z.number().int().nonnegative() }) },
  /** Searches folders of one account on the server; hits the cache lacks are fetched into it. */
  'search.server': {
    input: z.object({ accountId: accountIdSchema, paths: z.array(z.string().min(1).max(1000)).max(2000), query: searchQuerySchema }).strict(),
    output: z.object({ hits: z.array(z.object({ path: z.string(), uids: z.array(z.number().int().positive()) })) }),
  },
  /** Opens one attachment with the system's app for its type (Electron); never a type the system would run. */
  'messages.openAttachment': {
    input: messageRefSchema
      .extend({
        part: z.string().regex(/^[1-9]\d{0,5}(\.[1-9]\d{0,5}){0,20}$/, 'Not a part number.'),
        filename: z.string().min(1).max(255),
      })
      .strict(),
    output: z.null(),
  },
  /** Streams one attachment to a file the user picks (Electron) or to the downloads folder (browser mode). */
  'messages.saveAttachment': {
    input: messageRefSchema
      .extend({
        part: z.string().regex(/^[1-9]\d{0,5}(\.[1-9]\d{0,5}){0,20}$/, 'Not a part number.'),
        filename: z.string().min(1).max(255),
      })
      .strict(),
    output: z.object({ savedTo: z.string(), bytes: z.number().int().nonnegative() }),
  },
} as const satisfies Record<CommandName, CommandSchemas>;

export type CommandInput<C extends CommandName> = z.input<(typeof commands)[C]['input']>;
export type CommandOutput<C extends CommandName> = z.output<(typeof commands)[C]['output']>;

export const syncProgressSchema = z.object({
  done: z.number(),
  total: z.number(),
  /** Messages a second so far, and the estimate of what is left; absent until there is enough to go on. */
  perSecond: z.number().optional(),
  secondsLeft: z.number().optional(),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;

export const accountStatusSchema = z.object({
  accountId: z.string(),
  state: z.enum(['connecting', 'syncing', 'idle', 'offline', 'error']),
  /** Folder being synced, with progress in messages. */
  folder: z.string().optional(),
  progress: syncProgressSchema.optional(),
  error: appErrorSchema.optional(),
});
export type AccountStatus = z.infer<typeof accountStatusSchema>;

/** What the application menu asks of the window (Electron); the same commands as the toolbar and keys. */
export const menuCommandSchema = z.enum([
  'toggleRead',
  'toggleStar',
  'archive',
  'delete',
  'pickFolder',
  'tag',
  'addAccount',
  'shortcuts',
  'goToInbox',
  'compose',
]);
export type MenuCommand = z.infer<typeof menuCommandSchema>;

/** Pushed from main to every window. */
export const engineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: accountStatusSchema }),
  /** New mail in an Inbox after its first sync (a notification shows it under Electron). */
  z.object({
    type: z.literal('newMail'),
    accountId: z.string(),
    path: z.string(),
    count: z.number().int().positive(),
    uid: z.number().int().positive(),
    from: z.string().max(500),
    subject: z.string().max(500),
  }),
  /** The user clicked a new-mail notification. */
  z.object({ type: z.literal('openMessage'), accountId: z.string(), path: z.string(), uid: z.number().int().positive() }),
  z.object({ type: z.literal('menu'), command: menuCommandSchema }),
  /** The system handed Kestrel a mailto: link (Kestrel is the default mail app): the window takes it (app.takeMailtoLink). */
  z.object({ type: z.literal('compose') }),
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;

/** Main asks the window's cache; the window answers with a Result. */
export type CacheRequest =
  | { op: 'apply'; delta: CacheDelta }
  | { op: 'folderState'; ref: FolderRef }
  | { op: 'hasBody'; ref: MessageRef }
  | { op: 'knownUids'; ref: FolderRef; fromUid: number }
  | { op: 'bodiesWanted'; ref: FolderRef; limit: number }
  | { op: 'bodyStorage' }
  | { op: 'pendingOperations'; accountId: string }
  | { op: 'operationStarted'; id: number; checkpoint: OperationCheckpoint }
  | { op: 'operationSettled'; id: number; outcome: OperationOutcome };
export interface CacheReplies {
  apply: null;
  folderState: FolderSyncState | null;
  hasBody: boolean;
  knownUids: number[];
  bodiesWanted: WantedBody[];
  bodyStorage: BodyStorage;
  pendingOperations: QueuedOperation[];
  operationStarted: null;
  operationSettled: null;
}

/** The API a window sees, the same over Electron IPC (preload) and over the browser host's WebSocket. */
export interface KestrelApi {
  invoke<C extends CommandName>(channel: C, input: CommandInput<C>): Promise<Result<CommandOutput<C>>>;
  /** Returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** The window's cache writer answers main's cache requests; returns the function that stops it. */
  serveCache(handler: (request: CacheRequest) => Promise<Result<unknown>>): () => void;
}
