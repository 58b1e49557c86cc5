import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileSecretStore } from '../accounts/file-secret-store';
import { log } from '../log';
import { Services } from '../services';
import { DownloadsFolder } from '../attachments/downloads-folder';
import { startBrowserHost } from './server';

/**
 * `npm run web`: the app without Electron. Secrets sit in a file only this user may read, since no OS
 * keychain is reachable from plain Node; the UI says so.
 */
async function main(): Promise<void> {
  const dataDir = process.env.KESTREL_DATA_DIR ?? join(homedir(), '.config', 'kestrel-mail', 'browser-host');
  const port = Number(process.env.KESTREL_PORT ?? '0');
  const downloads = process.env.KESTREL_DOWNLOAD_DIR ?? join(homedir(), 'Downloads');
  const services = new Services(dataDir, new FileSecretStore(join(dataDir, 'secrets.json')), new DownloadsFolder(downloads));
  const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  const host = await startBrowserHost({ services, staticDir, port: Number.isInteger(port) ? port : 0 });
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
