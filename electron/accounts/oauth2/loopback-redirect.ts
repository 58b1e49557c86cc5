import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppFailure } from '../../../shared/ipc/result';
import { sameState } from './pkce';

/** Long enough to sign in with a second factor, short enough that a forgotten tab does not keep a port open. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/`, registered as the redirect URI of a desktop client (RFC 8252 section 7.3). */
  redirectUri: string;
  /** The authorization code, once the browser came back with our state; rejects with an AppFailure. */
  code: Promise<string>;
  /** Stops listening; a pending `code` rejects as cancelled. */
  close(): void;
}

const page = (title: string, text: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;margin:3rem"><h1>${title}</h1><p>${text}</p></body></html>`;

function answer(response: ServerResponse, status: number, title: string, text: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // The page runs nothing and loads nothing; the code in its URL goes nowhere else.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    connection: 'close',
  });
  response.end(page(title, text));
}

/** What the provider's error codes mean to the user (RFC 6749 section 4.1.2.1). */
function providerRefusal(error: string): AppFailure {
  if (error === 'access_denied') {
    return new AppFailure({ code: 'CANCELLED', message: 'Sign-in was cancelled in the browser. Try again and allow Kestrel to read your mail.' });
  }
  return new AppFailure({ code: 'AUTH_FAILED', message: `The provider refused the sign-in (${error.slice(0, 100)}). Try again.` });
}

/**
 * A one-shot listener on loopback for the browser's redirect. It answers only a GET of `/` carrying our
 * state: anything else (another tab, a page probing local ports, a wrong state) is refused and the
 * listener keeps waiting, since a stray request must not be able to end someone's sign-in. It closes
 * after the one real answer, or after the timeout.
 */
export async function listenForRedirect(expectedState: string, timeoutMs = SIGN_IN_TIMEOUT_MS): Promise<LoopbackRedirect> {
  let settle: { resolve: (code: string) => void; reject: (error: AppFailure) => void } | null = null;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Callers may attach later; a rejection before that must not count as unhandled.
  code.catch(() => undefined);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== '/') {
      answer(response, 404, 'Not found', 'Nothing here.');
      return;
    }
    const state = url.searchParams.get('state');
    if (state === null || !sameState(expectedState, state)) {
      answer(response, 400, 'Sign-in not recognised', 'Kestrel did not start this sign-in. Start it again from Kestrel.');
      return;
    }
    const error = url.searchParams.get('error');
    const received = url.searchParams.get('code');
    if (error !== null) {
      answer(response, 200, 'Sign-in cancelled', 'You can close this tab and go back to Kestrel.');
      finish(providerRefusal(error));
    } else if (received === null || received === '') {
      answer(response, 400, 'Sign-in not recognised', 'The answer had no authorization code. Start the sign-in again from Kestrel.');
    } else {
      answer(response, 200, 'Signed in', 'You can close this tab and go back to Kestrel.');
      finish(received);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const timer = setTimeout(() => {
    finish(new AppFailure({ code: 'TIMEOUT', message: 'The sign-in in the browser did not finish in time. Start it again.' }));
  }, timeoutMs);
  timer.unref();

  function finish(outcome: string | AppFailure): void {
    const pending = settle;
    if (pending === null) return;
    settle = null;
    clearTimeout(timer);
    // The answer page is already on its way; new connections are refused from now on.
    server.close();
    server.closeIdleConnections();
    if (outcome instanceof AppFailure) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  return {
    redirectUri: `http://127.0.0.1:${String(port)}/`,
    code,
    close: () => {
      finish(new AppFailure({ code: 'CANCELLED', message: 'The sign-in was cancelled.' }));
    },
  };
}
