import { BrowserWindow, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** The URL of the app's page: the only one its windows show, and the only one IPC is accepted from. */
export function appUrlOf(outDir: string): string {
  return pathToFileURL(join(outDir, 'renderer', 'index.html')).href;
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
  const indexPath = join(outDir, 'renderer', 'index.html');
  lockDown(window.webContents, appUrlOf(outDir));
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  void window.loadFile(indexPath);
  return window;
}
