import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileSecretStore } from '../accounts/file-secret-store';
import { log } from '../log';
import { Services } from '../services';
import { DownloadsFolder } from '../attachments/downloads-folder';
import { mailtoInArgv } from '../compose/mailto-links';
import { startBrowserHost } from './server';

/**
 * The same address every time: the window's cache (IndexedDB) and settings belong to its origin, so a
 * new port would start it empty after every restart.
 */
const DEFAULT_PORT = 47135;

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE';
}

/**
 * `npm run web`: the app without Electron. Secrets sit in a file only this user may read, since no OS
 * keychain is reachable from plain Node; the UI says so.
 */
async function main(): Promise<void> {
  const dataDir = process.env.KESTREL_DATA_DIR ?? join(homedir(), '.config', 'kestrel-mail', 'browser-host');
  const port = Number(process.env.KESTREL_PORT ?? DEFAULT_PORT);
  const downloads = process.env.KESTREL_DOWNLOAD_DIR ?? join(homedir(), 'Downloads');
  const services = new Services(dataDir, new FileSecretStore(join(dataDir, 'secrets.json')), new DownloadsFolder(downloads));
  // `npm run web -- mailto:ada@example.com`: the window opens a new message to Ada.
  const link = mailtoInArgv(process.argv.slice(2));
  if (link !== null) services.receiveMailtoLink(link);
  const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  const host = await startBrowserHost({ services, staticDir, port: Number.isInteger(port) ? port : DEFAULT_PORT }).catch((error: unknown) => {
    if (!isAddressInUse(error) || process.env.KESTREL_PORT !== undefined) throw error;
    // Another program has the usual port: any free one works, but the window's cache and settings
    // live per address, so this window starts with an empty cache.
    log.warn('host.port_taken', { port: DEFAULT_PORT });
    return startBrowserHost({ services, staticDir, port: 0 });
  });
  process.stdout.write(`Kestrel Mail is running in browser mode. Open: ${host.url}\n`);

  const stop = (): void => {
    void Promise.all([host.close(), services.shutdown()]).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  log.error('host.start_failed', { reason: error instanceof Error ? error.message : 'unknown' });
  process.exit(1);
});
