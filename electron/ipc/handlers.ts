import type { z } from 'zod';
import type { CommandName, CommandOutput, commands } from '../../shared/ipc/contract';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { opensSafely, safeFilename } from '../../shared/domain/attachments';
import { AppFailure } from '../../shared/ipc/result';
import type { AccountService } from '../accounts/account-service';
import type { SettingsDiscovery } from '../accounts/discovery/discover';
import type { SaveLocation } from '../attachments/save-location';
import type { MailtoLinks } from '../compose/mailto-links';
import type { SyncEngine } from '../sync/engine';
import type { WindowSession } from './window-session';

export type CommandHandlers = {
  [C in CommandName]: (input: z.output<(typeof commands)[C]['input']>, session: WindowSession) => Promise<CommandOutput<C>>;
};

/** What only the desktop shell can do; the browser host does nothing of it. */
export interface DesktopIntegration {
  setUnreadCount(count: number): void;
  /** Opens a file with the system's app for its type; null where there is no desktop (browser mode). */
  openWithSystem: ((file: string) => Promise<void>) | null;
  /** Opens an https URL in the system browser (OAuth2 sign-in); absent in browser mode, where the page opens it. */
  openInBrowser?: (url: string) => Promise<void>;
}

export const noDesktop: DesktopIntegration = { setUnreadCount: () => undefined, openWithSystem: null };

export interface HandlerDeps {
  accounts: AccountService;
  mailtoLinks: MailtoLinks;
  discovery: Pick<SettingsDiscovery, 'discover'>;
  engine: SyncEngine;
  saveLocation: SaveLocation;
  desktop: DesktopIntegration;
  /** Where attachments opened with the system's app are written first (only this user can read it). */
  openedFilesDir: string;
}

export function createHandlers({ accounts, mailtoLinks, discovery, engine, saveLocation, desktop, openedFilesDir }: HandlerDeps): CommandHandlers {
  return {
    'accounts.list': () => accounts.list(),
    'accounts.add': (draft) => accounts.add(draft),
    'accounts.discover': ({ email }) => discovery.discover(email),
    'app.secretStorage': () => accounts.secretStorage(),
    'accounts.oauthProviders': () => Promise.resolve(accounts.oauthProviders()),
    'accounts.beginOAuthSignIn': async ({ provider, loginHint }) => {
      const { signInId, authorizationUrl } = await accounts.beginOAuthSignIn(provider, loginHint);
      const open = desktop.openInBrowser;
      if (open === undefined) return { signInId, authorizationUrl, opened: false };
      try {
        await open(authorizationUrl);
      } catch (error) {
        accounts.cancelOAuthSignIn(signInId);
        throw error;
      }
      return { signInId, authorizationUrl, opened: true };
    },
    'accounts.cancelOAuthSignIn': ({ signInId }) => {
      accounts.cancelOAuthSignIn(signInId);
      return Promise.resolve(null);
    },
    'accounts.addWithOAuth': (draft) => accounts.addWithOAuth(draft),
    'accounts.renewOAuthSignIn': async ({ accountId, signInId }, session) => {
      await accounts.renewOAuthSignIn(accountId, signInId);
      void engine.syncAccount(accountId, session.cache).catch(() => undefined);
      return null;
    },
    'accounts.updatePassword': async ({ accountId, password }, session) => {
      await accounts.updatePassword(accountId, password);
      void engine.syncAccount(accountId, session.cache).catch(() => undefined);
      return null;
    },
    'accounts.update': async (edit, session) => {
      const { account, reconnect } = await accounts.update(edit);
      if (reconnect) await engine.forgetAccount(account.id);
      // The sync brings the renamed account to the window's cache, and reconnects with new settings.
      void engine.syncAccount(account.id, session.cache).catch(() => undefined);
      return account;
    },
    'accounts.trustCertificate': async ({ accountId, sha256 }, session) => {
      await accounts.trustCertificate(accountId, sha256);
      void engine.syncAccount(accountId, session.cache).catch(() => undefined);
      return null;
    },
    'search.server': async ({ accountId, paths, query }, session) => ({ hits: await engine.searchServer(accountId, paths, query, session.cache) }),
    'app.takeMailtoLink': () => Promise.resolve({ mailto: mailtoLinks.take() }),
    'app.setUnreadCount': ({ count }) => {
      desktop.setUnreadCount(count);
      return Promise.resolve(null);
    },
    'accounts.remove': async ({ accountId }) => {
      await engine.forgetAccount(accountId);
      await accounts.remove(accountId);
      return null;
    },
    'sync.account': ({ accountId }, session) => engine.syncAccount(accountId, session.cache),
    'messages.fetchBody': (ref, session) => engine.fetchBody(ref, session.cache),
    'messages.fetchInlineImages': (ref, session) => engine.fetchInlineImages(ref, session.cache),
    'folders.setKeepOffline': async ({ accountId, path, keepOffline }, session) => {
      await engine.setKeepOffline(accountId, path, keepOffline, session.cache);
      return null;
    },
    'operations.replay': ({ accountId }, session) => engine.replayOperations(accountId, session.cache),
    'sync.watchFolder': ({ accountId, path }) => {
      engine.watchFolder(accountId, path);
      return Promise.resolve(null);
    },
    'messages.openAttachment': async ({ part, filename, ...ref }) => {
      const open = desktop.openWithSystem;
      if (open === null) throw new AppFailure({ code: 'BAD_INPUT', message: 'Opening attachments needs the desktop app. Save it instead.' });
      const name = safeFilename(filename, 'attachment');
      if (!opensSafely(name)) {
        throw new AppFailure({
          code: 'BAD_INPUT',
          message: `${name} could run a program or macros when opened. Save it, and open it only if you trust the sender.`,
        });
      }
      // A folder of its own per file: two attachments of one name never overwrite each other.
      const folder = join(openedFilesDir, randomUUID());
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const file = join(folder, name);
      await engine.saveAttachment(ref, part, file);
      await open(file);
      return null;
    },
    'messages.saveAttachment': async ({ part, filename, ...ref }) => {
      const destination = await saveLocation.choose(safeFilename(filename, 'attachment'));
      if (destination === null) throw new AppFailure({ code: 'CANCELLED', message: 'Saving was cancelled.' });
      return { savedTo: destination, bytes: await engine.saveAttachment(ref, part, destination) };
    },
  };
}
