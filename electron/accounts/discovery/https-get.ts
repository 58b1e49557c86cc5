import { request } from 'node:https';

export interface HttpsGetOptions {
  signal: AbortSignal;
  /** For the whole fetch, redirects included. */
  timeoutMs: number;
  /** The body is cut off (and the request fails) past this size. */
  maxBytes: number;
}

/** A 200's body; any other final status comes back without one. */
export interface HttpsResponse {
  status: number;
  body: string;
}

export type HttpsGet = (url: URL, options: HttpsGetOptions) => Promise<HttpsResponse>;

export interface HttpsGetSettings {
  /**
   * Sends every request to this origin instead (path, query and Host header kept): tests serve the
   * domain's files from loopback. The certificate is checked against this origin's host name.
   */
  baseUrl?: string;
}

/** Enough for http-to-www style moves; a chain longer than this is not worth following for a small file. */
const MAX_REDIRECTS = 3;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

interface Reply extends HttpsResponse {
  location?: string;
}

function getOnce(url: URL, settings: HttpsGetSettings, signal: AbortSignal, maxBytes: number): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const target = settings.baseUrl === undefined ? url : new URL(`${url.pathname}${url.search}`, settings.baseUrl);
    const options = {
      method: 'GET',
      signal,
      // Node would take the certificate's expected name from the Host header; it must be the origin's.
      servername: target.hostname,
      headers: { host: url.host, accept: 'application/xml, text/xml' },
    };
    const req = request(target, options, (response) => {
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        response.resume();
        resolve({ status, body: '', location: response.headers.location });
        return;
      }
      if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
        req.destroy(new Error(`larger than ${String(maxBytes)} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) req.destroy(new Error(`larger than ${String(maxBytes)} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () => {
        resolve({ status, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * GET over HTTPS only, certificates verified against the system's trust store, with size and time
 * limits. Redirects are followed a few times, and only to https: a redirect to plain http would let
 * anyone on the network write the settings.
 */
export function createHttpsGet(settings: HttpsGetSettings = {}): HttpsGet {
  return async (url, { signal, timeoutMs, maxBytes }) => {
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
    let current = url;
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'https:') throw new Error(`only https is fetched, not ${current.protocol}`);
      const reply = await getOnce(current, settings, deadline, maxBytes);
      if (!redirectStatuses.has(reply.status) || reply.location === undefined) return { status: reply.status, body: reply.body };
      if (hop === MAX_REDIRECTS) throw new Error('too many redirects');
      current = new URL(reply.location, current);
    }
  };
}
