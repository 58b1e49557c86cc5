import { _electron as electron, test as base, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHostProcess } from './host-process';
import { expectNoSecretsInText, expectNoSecretsInTree, testSecrets } from './secret-scan';

const repoRoot = join(import.meta.dirname, '..', '..');

/** Which shell the specs drive: the browser host (default, no Electron binary needed) or real Electron. */
export const target = process.env.KESTREL_E2E_TARGET === 'electron' ? 'electron' : 'browser';

/** The Electron binary is fetched on first launch; where it was never fetched, Electron specs cannot run. */
export function electronBinary(): string | null {
  const pathFile = join(repoRoot, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(repoRoot, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export interface RunningApp {
  page: Page;
  /** What main logged, for the check that no secret ever reaches a log. */
  logs: () => string;
  /** Quits and starts the app again with the same data, as a person would; resolves with its window. */
  restart: () => Promise<Page>;
}

interface AppFixtures {
  /** `env` adds to the app's environment (a spec's loopback servers); `args` are launch arguments for the first start only. */
  launchApp: (options: {
    dataDir: string;
    caCertPath: string;
    env?: Readonly<Record<string, string>>;
    args?: readonly string[];
  }) => Promise<RunningApp>;
}

/**
 * The same specs run against either shell: only the transport differs. Each launch is stopped when the
 * test ends.
 */
export const test = base.extend<AppFixtures>({
  launchApp: async ({ page }, use) => {
    const stops: Array<() => Promise<void>> = [];
    const launches: Array<{ dataDir: string; logs: () => string }> = [];
    await use(async ({ dataDir, caCertPath, env, args = [] }) => {
      if (target === 'browser') {
        let host = await startHostProcess({ dataDir, caCertPath, env, args });
        let stopped = false;
        stops.push(async () => {
          if (!stopped) await host.stop();
        });
        await page.goto(host.url);
        launches.push({ dataDir, logs: () => host.logs() });
        return {
          page,
          logs: () => host.logs(),
          restart: async () => {
            // The same port: the window's cache and settings belong to its origin.
            const port = Number(new URL(host.url).port);
            stopped = true;
            await host.stop();
            host = await startHostProcess({ dataDir, caCertPath, port, env });
            stopped = false;
            // The new URL differs only in its fragment (the host's new token): going there straight from
            // the app would be a same-page jump that never loads the app again, nor reads the token.
            await page.goto('about:blank');
            await page.goto(host.url);
            return page;
          },
        };
      }
      const executablePath = electronBinary();
      if (executablePath === null) throw new Error('No Electron binary here: run the browser target instead.');
      let stderr = '';
      const launch = async (launchArgs: readonly string[] = []) => {
        const app = await electron.launch({
          executablePath,
          args: [join(repoRoot, 'out', 'main', 'index.js'), ...launchArgs],
          env: {
            ...process.env,
            KESTREL_USER_DATA: dataDir,
            KESTREL_DOWNLOAD_DIR: join(dataDir, 'downloads'),
            NODE_EXTRA_CA_CERTS: caCertPath,
            ...env,
          },
        });
        app.process().stderr?.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
        });
        return app;
      };
      let app = await launch(args);
      stops.push(() => app.close());
      launches.push({ dataDir, logs: () => stderr });
      return {
        page: await app.firstWindow(),
        logs: () => stderr,
        restart: async () => {
          await app.close();
          app = await launch();
          return app.firstWindow();
        },
      };
    });
    for (const stop of stops.reverse()) await stop();
    // Every spec, whatever it did: no test user's password in the app's log or anywhere in its data folder
    // but the browser host's secrets file (under Electron that folder holds the Chromium profile too).
    for (const { dataDir, logs } of launches) {
      expectNoSecretsInText('the app log', logs(), testSecrets());
      if (existsSync(dataDir)) expectNoSecretsInTree(dataDir, testSecrets(), new Set([join(dataDir, 'secrets.json')]));
    }
  },
});

test.skip(target === 'electron' && electronBinary() === null, 'KESTREL_E2E_TARGET=electron needs the Electron binary, which is not installed here.');

export { expect } from '@playwright/test';
