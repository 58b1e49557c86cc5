import { app, BrowserWindow, ipcMain, session, shell, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_CHANNELS } from '../../shared/ipc/contract';
import { AppFailure, fail } from '../../shared/ipc/result';
import { dispatch } from '../ipc/dispatch';
import { isTrustedSender } from '../ipc/sender';
import type { WindowSession } from '../ipc/window-session';
import { log } from '../log';
import { Services } from '../services';
import { createKeychainSecretStore } from './keychain-secret-store';
import { saveDialog } from './save-dialog';
import { DownloadsFolder } from '../attachments/downloads-folder';
import { installApplicationMenu } from './app-menu';
import { mailtoInArgv } from '../compose/mailto-links';
import { notifyNewMail } from './new-mail-notification';
import { declareAppScheme, serveAppScheme } from './app-protocol';
import { APP_URL } from './app-protocol-path';
import { createMainWindow, openSignInPage } from './window';
import { WindowStateFile } from './window-state';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const sessions = new Map<number, WindowSession>();

// Tests and portable installs point the app at their own data folder.
if (process.env.KESTREL_USER_DATA !== undefined) app.setPath('userData', process.env.KESTREL_USER_DATA);
const isFirstInstance = app.requestSingleInstanceLock();

/** IPC is accepted only from the main frame of a window this app created, showing the app's own page. */
function sessionFor(event: IpcMainEvent | IpcMainInvokeEvent): WindowSession | null {
  const frame = event.senderFrame;
  const sender = {
    ownWindow: BrowserWindow.fromWebContents(event.sender) !== null,
    mainFrame: frame !== null && frame === event.sender.mainFrame,
    frameUrl: frame?.url,
  };
  return isTrustedSender(sender, APP_URL) ? (sessions.get(event.sender.id) ?? null) : null;
}

declareAppScheme();

// Links the system hands over before the services exist: macOS sends open-url before the app is ready.
const earlyMailtoLinks: string[] = [];
let receiveMailtoLink = (link: string): void => {
  earlyMailtoLinks.push(link);
};
app.on('open-url', (event, url) => {
  event.preventDefault();
  receiveMailtoLink(url);
});
const launchLink = mailtoInArgv(process.argv.slice(1));
if (launchLink !== null) receiveMailtoLink(launchLink);

async function start(): Promise<void> {
  await app.whenReady();
  serveAppScheme(outDir);
  const services: Services = new Services(
    join(app.getPath('userData'), 'data'),
    createKeychainSecretStore(join(app.getPath('userData'), 'data', 'secrets.json')),
    // A set download folder saves without asking (managed installs, and the e2e specs).
    process.env.KESTREL_DOWNLOAD_DIR === undefined ? saveDialog : new DownloadsFolder(process.env.KESTREL_DOWNLOAD_DIR),
    {},
    {
      setUnreadCount: (count) => {
        app.setBadgeCount(count);
      },
      openWithSystem: async (file) => {
        const failure = await shell.openPath(file);
        if (failure !== '') throw new AppFailure({ code: 'NOT_FOUND', message: `No app on this computer opens this file: ${failure}` });
      },
      openInBrowser: openSignInPage,
    },
    (event) => {
      if (event.type === 'newMail') notifyNewMail(event, () => services);
    },
  );
  installApplicationMenu((command) => {
    services.broadcast({ type: 'menu', command });
  });
  const windowState = new WindowStateFile(join(app.getPath('userData'), 'window-state.json'));
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.defaultSession.setPermissionCheckHandler(() => false);

  ipcMain.handle(ELECTRON_CHANNELS.invoke, (event, channel: unknown, input: unknown) => {
    const windowSession = sessionFor(event);
    if (windowSession === null) return fail('BAD_INPUT', 'Requests are accepted only from Kestrel windows.');
    return dispatch(services.handlers, channel, input, windowSession);
  });
  ipcMain.on(ELECTRON_CHANNELS.cacheReply, (event, id: unknown, result: unknown) => {
    sessionFor(event)?.receiveReply(id, result);
  });

  const openWindow = async (): Promise<void> => {
    const window = createMainWindow(outDir, await windowState.read());
    windowState.follow(window);
    const contents = window.webContents;
    const contentsId = contents.id;
    const send = (channel: string, payload: unknown): void => {
      if (!contents.isDestroyed()) contents.send(channel, payload);
    };
    // A session belongs to one loaded page: a reload or a crashed renderer leaves its requests unanswered,
    // so the page that replaces it gets a session of its own.
    const renewSession = (): void => {
      const previous = sessions.get(contentsId);
      if (previous !== undefined) services.closeSession(previous);
      sessions.set(
        contentsId,
        services.openSession({
          sendCacheRequest: (id, request) => {
            send(ELECTRON_CHANNELS.cacheRequest, { id, request });
          },
          sendEvent: (event) => {
            send(ELECTRON_CHANNELS.event, event);
          },
        }),
      );
    };
    renewSession();
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) renewSession();
    });
    contents.on('render-process-gone', renewSession);
    window.on('closed', () => {
      const current = sessions.get(contentsId);
      sessions.delete(contentsId);
      if (current !== undefined) services.closeSession(current);
    });
  };

  // The window takes the link when it starts or when told; on macOS the app may have no window open.
  receiveMailtoLink = (link) => {
    services.receiveMailtoLink(link);
    const [window] = BrowserWindow.getAllWindows();
    if (window === undefined) void openWindow();
    else window.focus();
  };
  for (const link of earlyMailtoLinks.splice(0)) receiveMailtoLink(link);
  // A second launch (a mailto: link clicked elsewhere, on Windows and Linux) hands its arguments here.
  app.on('second-instance', (_event, argv) => {
    const link = mailtoInArgv(argv.slice(1));
    if (link !== null) receiveMailtoLink(link);
    BrowserWindow.getAllWindows()[0]?.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    void services.shutdown();
  });
  await openWindow();
}

if (!isFirstInstance) app.quit();
else
  start().catch((error: unknown) => {
    log.error('app.start_failed', { reason: error instanceof Error ? error.message : 'unknown' });
    app.quit();
  });
