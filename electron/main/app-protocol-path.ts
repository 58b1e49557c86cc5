import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * The app's own scheme: the window loads `kestrel://app/index.html` instead of a file:// URL, so the page
 * has an origin of its own and no reach into the file system (Electron's checklist, "use a custom
 * protocol"). Kept apart from the Electron registration so the rule can be tested without Electron.
 */
export const APP_SCHEME = 'kestrel';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The file a request for the app's scheme names, inside the renderer's folder, or null: another host,
 * a path that leaves the folder (`..`, encoded or not), a query for anything else, or a malformed URL.
 */
export function appFileFor(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // A NUL or a backslash has no business in the app's own file names, and backslashes are separators on Windows.
  if (path.includes('\u0000') || path.includes('\\')) return null;
  const file = join(rendererDir, path === '/' ? 'index.html' : path);
  const inside = relative(rendererDir, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return file;
}
