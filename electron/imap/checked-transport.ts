import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { ImapTransport, ImapTransportOptions, ImapTransportSocket } from 'imapflow';
import type { CertificateFingerprint } from '../../shared/domain/certificate';
import { checkPresentedCertificate } from './certificate-check';

/**
 * imapflow's `transport` hook, over Node's net and tls, with our own gate between the TLS handshake and IMAP.
 *
 * Why not `rejectUnauthorized: true` and nothing else: Node then destroys the socket inside the handshake, and
 * the certificate is gone before anyone can show it to the user (the error carries only a code). Why not pass
 * a pinned certificate as `ca`: that makes Node accept a self-signed certificate or one from an unknown issuer,
 * but an expired certificate or one for another name would still fail, so pinning "exactly this certificate"
 * would not work for half the cases the user can meet.
 *
 * So Node is told not to reject (`rejectUnauthorized: false`), and this module rejects instead, at the one
 * moment that matters: in the 'secureConnect' callback, after Node has verified the chain and the name (it still
 * does, and reports the outcome in `authorized`/`authorizationError`) and before imapflow is told the connection
 * is up. imapflow attaches its parser and reads the greeting only in `onConnect`/`onSecure`, and sends nothing
 * before the greeting, so when the certificate is refused here the socket is destroyed with not one byte of
 * IMAP (let alone LOGIN) sent. Accepted: what the system trusts for this host name, or exactly the pinned
 * certificate (SHA-256 of its DER bytes). No TLS session is resumed (no `session` option), so Node's name check
 * always runs.
 */
export function checkedTransport(pinned: CertificateFingerprint | undefined, onCertificate?: (sha256: string | null) => void): ImapTransport {
  const startTls = (options: ConnectionOptions, server: { host: string; port: number }, onTrusted: () => void): TLSSocket => {
    const socket = tlsConnect({ ...options, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerX509Certificate();
      onCertificate?.(certificate?.fingerprint256 ?? null);
      const refusal = checkPresentedCertificate(
        { authorized: socket.authorized, authorizationError: socket.authorizationError, certificate },
        pinned,
        server,
      );
      if (refusal === null) onTrusted();
      else socket.destroy(refusal);
    });
    return socket;
  };
  const tlsOptions = (options: ImapTransportOptions): ConnectionOptions => ({
    ...options.tls,
    host: options.host,
    port: options.port,
    // imapflow leaves the SNI name out for an IP literal; Node then checks the certificate against the IP.
    ...(options.servername === undefined ? {} : { servername: options.servername }),
  });
  return {
    connect: (options, onConnect): ImapTransportSocket =>
      options.secure ? startTls(tlsOptions(options), options, onConnect) : netConnect({ host: options.host, port: options.port }, onConnect),
    upgrade: (socket, options, onSecure): ImapTransportSocket =>
      // The plain socket this transport opened in connect(); STARTTLS wraps it.
      startTls({ ...tlsOptions(options), socket }, options, onSecure),
  };
}
