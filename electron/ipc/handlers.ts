import type { z } from 'zod';
import type { CommandName, CommandOutput, commands } from '../../shared/ipc/contract';
import { safeFilename } from '../../shared/domain/attachments';
import { AppFailure } from '../../shared/ipc/result';
import type { AccountService } from '../accounts/account-service';
import type { SaveLocation } from '../attachments/save-location';
import type { SyncEngine } from '../sync/engine';
import type { WindowSession } from './window-session';

export type CommandHandlers = {
  [C in CommandName]: (input: z.output<(typeof commands)[C]['input']>, session: WindowSession) => Promise<CommandOutput<C>>;
};

/** What only the desktop shell can do; the browser host does nothing of it. */
export interface DesktopIntegration {
  setUnreadCount(count: number): void;
}

export const noDesktop: DesktopIntegration = { setUnreadCount: () => undefined };

export interface HandlerDeps {
  accounts: AccountService;
  engine: SyncEngine;
  saveLocation: SaveLocation;
  desktop: DesktopIntegration;
}

export function createHandlers({ accounts, engine, saveLocation, desktop }: HandlerDeps): CommandHandlers {
  return {
    'accounts.list': () => accounts.list(),
    'accounts.add': (draft) => accounts.add(draft),
    'accounts.updatePassword': async ({ accountId, password }, session) => {
      await accounts.updatePassword(accountId, password);
      void engine.syncAccount(accountId, session.cache).catch(() => undefined);
      return null;
    },
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
    'messages.saveAttachment': async ({ part, filename, ...ref }) => {
      const destination = await saveLocation.choose(safeFilename(filename, 'attachment'));
      if (destination === null) throw new AppFailure({ code: 'CANCELLED', message: 'Saving was cancelled.' });
      return { savedTo: destination, bytes: await engine.saveAttachment(ref, part, destination) };
    },
  };
}
