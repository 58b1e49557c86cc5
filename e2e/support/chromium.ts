import { ensureInstalled } from './system-packages';

/** Debian's Chromium: Playwright's own browser download cannot work without network access. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep Chromium from reaching for the network on its own (it has none here). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function ensureChromiumInstalled(): void {
  ensureInstalled('The end-to-end tests run the app in Debian’s Chromium.', [{ executable: 'chromium', debianPackage: 'chromium' }]);
}
