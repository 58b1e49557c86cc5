/**
 * What main knows of the page behind an IPC message, as plain data (Electron's `event.sender` and
 * `event.senderFrame`), so that the rule can be tested without Electron.
 */
export interface IpcSender {
  /** The web contents belongs to a window this app created (not devtools, a webview or a stray one). */
  ownWindow: boolean;
  /** The message came from that window's main frame, not from a frame inside it (a message's body is one). */
  mainFrame: boolean;
  /** The sending frame's URL; undefined when the frame is gone. */
  frameUrl: string | undefined;
}

/** The document without its fragment and query: the app may use either, and stays the same page. */
function documentOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return null;
  }
}

/**
 * IPC is accepted only from the main frame of one of our windows, showing our own page. Navigation away
 * is denied already; checking the URL as well means a page that got there anyway gets nothing.
 */
export function isTrustedSender(sender: IpcSender, appUrl: string): boolean {
  if (!sender.ownWindow || !sender.mainFrame || sender.frameUrl === undefined) return false;
  const document = documentOf(sender.frameUrl);
  return document !== null && document === documentOf(appUrl);
}
