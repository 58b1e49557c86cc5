import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadsFolder } from '../../electron/attachments/downloads-folder';
import { FileSecretStore } from '../../electron/accounts/file-secret-store';
import { startBrowserHost, type BrowserHost } from '../../electron/host/server';
import { Services } from '../../electron/services';

export interface TestHost {
  host: BrowserHost;
  services: Services;
  stop: () => Promise<void>;
}

/** The browser host in-process, with data and a stand-in page of its own: for tests of its IPC boundary. */
export async function startTestHost(): Promise<TestHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kestrel-host-'));
  const staticDir = mkdtempSync(join(tmpdir(), 'kestrel-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Kestrel</title>');
  const services = new Services(dataDir, new FileSecretStore(join(dataDir, 'secrets.json')), new DownloadsFolder(join(dataDir, 'downloads')));
  const host = await startBrowserHost({ services, staticDir });
  return {
    host,
    services,
    stop: async () => {
      await host.close();
      await services.shutdown();
    },
  };
}
