import { request } from 'node:https';

export interface HttpsGetOptions {
  signal: AbortSignal;
  timeoutMs: number;
  /** The body is cut off (and the request fails) past this size. */
  maxBytes: number;
}

/** A 200's body; any other status comes back without one (redirects are not followed). */
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

/** GET over HTTPS only, certificates verified against the system's trust store, with size and time limits. */
export function createHttpsGet(settings: HttpsGetSettings = {}): HttpsGet {
  return (url, { signal, timeoutMs, maxBytes }) =>
    new Promise<HttpsResponse>((resolve, reject) => {
      if (url.protocol !== 'https:') {
        reject(new Error('only https is fetched'));
        return;
      }
      const target = settings.baseUrl === undefined ? url : new URL(`${url.pathname}${url.search}`, settings.baseUrl);
      const timeout = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
      const options = {
        method: 'GET',
        signal: timeout,
        // Node would take the certificate's expected name from the Host header; it must be the origin's.
        servername: target.hostname,
        headers: { host: url.host, accept: 'application/xml, text/xml' },
      };
      const req = request(target, options, (response) => {
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          response.resume();
          resolve({ status, body: '' });
          return;
        }
        const declared = Number(response.headers['content-length'] ?? 0);
        if (declared > maxBytes) {
          req.destroy(new Error(`larger than ${maxBytes} bytes`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) req.destroy(new Error(`larger than ${maxBytes} bytes`));
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
