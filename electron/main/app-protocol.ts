import { net, protocol } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, appFileFor } from './app-protocol-path';

/**
 * Must run before the app is ready. `standard` gives the page a real origin (IndexedDB and storage need
 * one), `secure` makes it a secure context; nothing else is granted.
 */
export function declareAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the renderer's files, and nothing else, under the app's scheme. */
export function serveAppScheme(outDir: string): void {
  const rendererDir = join(outDir, 'renderer');
  protocol.handle(APP_SCHEME, (request) => {
    const file = appFileFor(rendererDir, request.url);
    if (file === null) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).href);
  });
}
