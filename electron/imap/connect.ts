import { ImapFlow, type Logger } from 'imapflow';
import type { ConnectionSecurity } from '../../shared/domain/account';
import type { CertificateFingerprint } from '../../shared/domain/certificate';
import { AppFailure } from '../../shared/ipc/result';
import type { AccessTokenSource } from '../accounts/oauth2/token-source';
import { checkedTransport } from './checked-transport';
import { describeImapError } from './errors';
import { imapLimits, MAX_COLLECTED_RESPONSES_PER_COMMAND } from './limits';
import { quirksFor, type ServerQuirks } from './server-quirks';

export interface ServerSettings {
  host: string;
  port: number;
  security: ConnectionSecurity;
  username: string;
  /** Required with security 'plain': the user agreed to send password and mail unencrypted for this account. */
  plaintextOptIn?: true | undefined;
  /** The certificate the user trusted for this account, accepted besides what the system trusts. */
  trustedCertificate?: CertificateFingerprint | undefined;
}

/** A password, or OAuth2 tokens (XOAUTH2 or OAUTHBEARER, whichever the server offers; imapflow prefers OAUTHBEARER). */
export type Credential = { password: string; accessToken?: never } | { accessToken: AccessTokenSource; password?: never };

export type ConnectionSettings = ServerSettings & Credential;

export interface ConnectionRole {
  /** This connection sits in IDLE: renew it well before the 29 minutes RFC 2177 allows (and some servers enforce). */
  idles?: boolean;
  /** Sees each command line sent (imapflow masks credentials in them); for measurements, never logged. */
  onCommand?: (line: string) => void;
  /** How long a command may go without a byte from the server before the connection counts as dead. */
  silenceTimeoutMs?: number;
  /** Hears the SHA-256 of the certificate each TLS handshake presented (null: none), before it is judged. */
  onCertificate?: (sha256: string | null) => void;
}

/**
 * Why each connection died. When a server sends garbage, an oversized literal or nothing at all, imapflow
 * emits the real cause as an 'error' event and rejects the pending command with a bare "connection
 * closed", which alone would read as "could not reach the server".
 */
const failures = new WeakMap<ImapFlow, unknown>();

/** The error this connection died of, if it died of one. */
export function connectionFailure(client: ImapFlow): unknown {
  return failures.get(client);
}

/** Server lines imapflow collects in memory until their command ends: a never-ending run of them is refused. */
const collectedResponse = /^\* (?:LIST|LSUB|XLIST|STATUS|SEARCH|ESEARCH|SORT|THREAD)\b/i;
/**
 * Untagged status lines ("* OK still here"): nothing is collected, but each one is data, so a server that
 * sends them without end holds its command open past any silence timeout. A real one sends a few per
 * command (progress notes, keep-alives during IDLE every minute or two).
 */
const statusResponse = /^\* (?:OK|NO|BAD)\b/i;
const MAX_STATUS_RESPONSES_PER_COMMAND = 10_000;

/** Stands in for the errors imapflow raises itself when a server floods it; errors.ts reads it as unreadable. */
class TooManyResponses extends Error {
  readonly code = 'TooManyResponses';
}

/**
 * imapflow's logger is the one place that sees every command sent and every non-FETCH line received as it
 * arrives (synchronously, inside the parser), so it both feeds `onCommand` and counts the lines it collects per command.
 * Past the bound the connection is closed at once: imapflow would otherwise go on reading, since it only fails
 * such a command when the server ends it.
 */
function sessionLogger(guarded: () => ImapFlow | undefined, onCommand: ((line: string) => void) | undefined): Logger {
  let collectedLines = 0;
  let statusLines = 0;
  const ignore = (): void => undefined;
  const refuse = (what: string): void => {
    const client = guarded();
    if (client === undefined || failures.has(client)) return;
    failures.set(client, new TooManyResponses(`More than ${what} for one command`));
    client.close();
  };
  return {
    debug: (entry: unknown) => {
      if (typeof entry !== 'object' || entry === null || !('src' in entry) || !('msg' in entry) || typeof entry.msg !== 'string') return;
      if (entry.src === 'c') {
        collectedLines = 0;
        statusLines = 0;
        onCommand?.(entry.msg);
      } else if (entry.src === 's' && collectedResponse.test(entry.msg) && ++collectedLines > MAX_COLLECTED_RESPONSES_PER_COMMAND) {
        refuse(`${String(MAX_COLLECTED_RESPONSES_PER_COMMAND)} collected responses`);
      } else if (entry.src === 's' && statusResponse.test(entry.msg) && ++statusLines > MAX_STATUS_RESPONSES_PER_COMMAND) {
        refuse(`${String(MAX_STATUS_RESPONSES_PER_COMMAND)} status responses`);
      }
    },
    info: ignore,
    warn: ignore,
    error: ignore,
  };
}

/** RFC 2177 lets servers drop IDLE after 30 minutes; some do it sooner. */
const IDLE_RENEW_MS = 25 * 60_000;

/** What imapflow needs to know about TLS for each security setting. */
function transportSecurity(settings: ServerSettings): { secure: boolean; doSTARTTLS: boolean } {
  switch (settings.security) {
    case 'tls':
      return { secure: true, doSTARTTLS: false };
    case 'starttls':
      // Required, not opportunistic: a server (or an attacker) that hides STARTTLS fails the connection.
      return { secure: false, doSTARTTLS: true };
    case 'plain':
      if (settings.plaintextOptIn !== true) {
        throw new AppFailure({
          code: 'BAD_INPUT',
          field: 'security',
          message: 'This account is set to connect without encryption, which needs your explicit consent. Choose TLS, or confirm plain text.',
        });
      }
      // Never upgraded, even when offered: the user chose plain text knowingly, and a half-working STARTTLS is
      // usually why. The UI keeps warning about this account.
      return { secure: false, doSTARTTLS: false };
  }
}

/**
 * Opens and authenticates one connection. TLS is on unless the user opted into plain text for this account:
 * implicit on 'tls', and required on 'starttls'. Certificates are verified against the system's trust store,
 * and a certificate it does not trust stops the connection before any credentials are sent (see
 * checked-transport.ts), unless it is exactly the one pinned for this account.
 * Throws AppFailure with a user-facing error.
 */
export async function connectImap(
  settings: ConnectionSettings,
  quirks: ServerQuirks = quirksFor(settings.host),
  role: ConnectionRole = {},
): Promise<ImapFlow> {
  if (settings.accessToken === undefined) return openImap(settings, { user: settings.username, pass: settings.password }, quirks, role);
  const source = settings.accessToken;
  const token = await source.current();
  try {
    return await openImap(settings, { user: settings.username, accessToken: token }, quirks, role);
  } catch (error) {
    if (!(error instanceof AppFailure) || error.appError.code !== 'AUTH_FAILED') throw error;
  }
  // The server refused a token we thought valid (revoked, or expired early): one refresh, one more try.
  const renewed = await source.renew(token);
  try {
    return await openImap(settings, { user: settings.username, accessToken: renewed }, quirks, role);
  } catch (error) {
    if (!(error instanceof AppFailure) || error.appError.code !== 'AUTH_FAILED') throw error;
    throw new AppFailure({
      code: 'SIGN_IN_AGAIN',
      message: `${settings.host} did not accept the sign-in for ${settings.username}. Sign in again.`,
    });
  }
}

type ImapAuth = { user: string; pass: string } | { user: string; accessToken: string };

async function openImap(settings: ServerSettings, auth: ImapAuth, quirks: ServerQuirks, role: ConnectionRole): Promise<ImapFlow> {
  // The logger is made before the client it guards.
  const guarded: { client?: ImapFlow } = {};
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    ...transportSecurity(settings),
    transport: checkedTransport(settings.trustedCertificate, role.onCertificate),
    auth,
    logger: sessionLogger(() => guarded.client, role.onCommand),
    qresync: !quirks.avoidQresync,
    disableAutoIdle: true,
    maxIdleTime: role.idles === true ? IDLE_RENEW_MS : undefined,
    clientInfo: { name: 'Kestrel Mail', version: '0.1.0' },
    ...imapLimits,
    socketTimeout: role.silenceTimeoutMs ?? imapLimits.socketTimeout,
  });
  guarded.client = client;
  // imapflow emits 'error' on socket failures after connect; without a listener Node would crash.
  client.on('error', (error: unknown) => {
    // The first cause is the one to report: closing the connection raises errors of its own.
    if (!failures.has(client)) failures.set(client, error);
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    throw new AppFailure(describeImapError(connectionFailure(client) ?? error, settings));
  }
}

/** Logs out politely, and gives up quietly when the connection is already gone. */
export async function disconnectImap(client: ImapFlow): Promise<void> {
  if (!client.usable) {
    client.close();
    return;
  }
  try {
    await client.logout();
  } catch {
    client.close();
  }
}
