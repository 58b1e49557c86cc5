import { BrowserWindow, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { AppFailure } from '../../shared/ipc/result';
import { APP_URL } from './app-protocol-path';
import type { WindowState } from './window-state';

/** Links open in the system browser, and only these kinds. */
const externalProtocols = new Set(['https:', 'http:', 'mailto:']);

export function openExternalSafely(url: string): void {
  try {
    if (externalProtocols.has(new URL(url).protocol)) void shell.openExternal(url);
  } catch {
    // Not a URL at all: nothing to open.
  }
}

/** OAuth2 sign-in happens in the user's own browser (RFC 8252), never in a window of ours, and over https only. */
export async function openSignInPage(url: string): Promise<void> {
  if (new URL(url).protocol !== 'https:') throw new AppFailure({ code: 'BAD_INPUT', message: 'Sign-in pages open only over https.' });
  await shell.openExternal(url);
}

/** The window never navigates away from the app, and never opens another window of its own. */
function lockDown(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== appUrl) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

export function createMainWindow(outDir: string, state: WindowState): BrowserWindow {
  const window = new BrowserWindow({
    width: state.bounds?.width ?? 1280,
    height: state.bounds?.height ?? 800,
    ...(state.bounds === null ? {} : { x: state.bounds.x, y: state.bounds.y }),
    minWidth: 640,
    minHeight: 400,
    title: 'Kestrel Mail',
    show: false,
    webPreferences: {
      preload: join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      // A middle click would ask for a new window for a link, around the reader's deceptive-link check.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  lockDown(window.webContents, APP_URL);
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  // The app's own scheme (app-protocol.ts), not file://: the page gets no reach into the file system.
  void window.loadURL(APP_URL);
  return window;
}
