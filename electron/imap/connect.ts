import { ImapFlow } from 'imapflow';
import type { ConnectionSecurity } from '../../shared/domain/account';
import { AppFailure } from '../../shared/ipc/result';
import { describeImapError } from './errors';
import { imapLimits } from './limits';
import { quirksFor, type ServerQuirks } from './server-quirks';

export interface ConnectionSettings {
  host: string;
  port: number;
  security: ConnectionSecurity;
  username: string;
  password: string;
}

/**
 * Opens and authenticates one connection. TLS is always on: implicit on 'tls', and on 'starttls' the
 * upgrade is required, so a server (or an attacker) that hides STARTTLS fails the connection instead of
 * receiving the password in clear. Certificates are verified against the system's trust store.
 * Throws AppFailure with a user-facing error.
 */
export async function connectImap(settings: ConnectionSettings, quirks: ServerQuirks = quirksFor(settings.host)): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    doSTARTTLS: settings.security === 'starttls' ? true : undefined,
    auth: { user: settings.username, pass: settings.password },
    logger: false,
    qresync: !quirks.avoidQresync,
    disableAutoIdle: true,
    clientInfo: { name: 'Kestrel Mail', version: '0.1.0' },
    ...imapLimits,
  });
  // imapflow emits 'error' on socket failures after connect; without a listener Node would crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    throw new AppFailure(describeImapError(error, settings));
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
