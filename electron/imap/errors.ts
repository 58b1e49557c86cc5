import { describeCertificateReason } from '../../shared/domain/certificate';
import { AppFailure, type AppError } from '../../shared/ipc/result';
import { UntrustedCertificateError } from './certificate-check';

interface ErrorFacts {
  code?: unknown;
  authenticationFailed?: unknown;
  tlsFailed?: unknown;
  responseText?: unknown;
}

/** Node's codes for a certificate that did not verify (as opposed to a TLS handshake that failed). */
export const certificateErrorCodes: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const tlsCodes = new Set([...certificateErrorCodes, 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'EPROTO']);
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  // Closed right after the TLS handshake: a dropped network, not a certificate (those have codes above).
  'ClosedAfterConnectTLS',
]);
/**
 * imapflow's answer to a server that sent what IMAP cannot be: garbage, a literal or line above our limits
 * (limits.ts), a tag never sent, a response that never completes. Reaching the server worked; trusting it did not.
 */
const unreadableCodes = new Set([
  'LiteralTooLarge',
  'LineTooLarge',
  'ResponseTooLarge',
  'TooManyResponses',
  'TooManyTokens',
  'MAX_IMAP_NESTING_REACHED',
  'InvalidResponse',
  'UnexpectedTag',
  'MissingTag',
]);
const timeoutCodes = new Set(['ETIMEDOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT']);

export interface ServerAddress {
  host: string;
  port: number;
}

/** Turns whatever imapflow, Node's TLS or the socket threw into an error the user can act on. */
export function describeImapError(error: unknown, server: ServerAddress): AppError {
  if (error instanceof AppFailure) return error.appError;
  // Before the tlsFailed test below: imapflow marks a refusal during STARTTLS as tlsFailed too.
  if (error instanceof UntrustedCertificateError) {
    const { problem } = error;
    return {
      code: 'CERTIFICATE_UNTRUSTED',
      field: 'host',
      message: `Kestrel stopped before sending your password: the certificate of ${problem.host}:${String(problem.port)} is not trusted because ${describeCertificateReason(problem.reason)}. Look at its details and trust it only if you know this server uses it.`,
      certificate: problem,
    };
  }
  const facts: ErrorFacts = typeof error === 'object' && error !== null ? error : {};
  const code = typeof facts.code === 'string' ? facts.code : '';
  const where = `${server.host}:${server.port}`;
  if (facts.authenticationFailed === true) {
    return { code: 'AUTH_FAILED', field: 'password', message: 'The server rejected the user name or password. Check both and try again.' };
  }
  if (facts.tlsFailed === true && !tlsCodes.has(code)) {
    return {
      code: 'STARTTLS_UNAVAILABLE',
      field: 'security',
      message: `${where} does not offer STARTTLS, so the password would travel unencrypted. Use TLS (usually port 993) instead.`,
    };
  }
  if (tlsCodes.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return {
      code: 'TLS_FAILED',
      field: 'host',
      message: `The secure connection to ${where} failed (${code}). Check the server name, port and security setting: TLS is usually port 993, STARTTLS port 143.`,
    };
  }
  if (timeoutCodes.has(code)) {
    return { code: 'TIMEOUT', field: 'host', message: `${where} did not answer in time. Check the server name and port, or your network.` };
  }
  if (unreadableCodes.has(code) || code.startsWith('ParserError')) {
    return {
      code: 'SERVER_ERROR',
      message: `${where} sent an answer Kestrel cannot read (malformed or far too large), so the connection was closed. Try again later; if it keeps happening, tell whoever runs the mail server.`,
    };
  }
  if (unreachableCodes.has(code)) {
    return { code: 'HOST_UNREACHABLE', field: 'host', message: `Could not reach ${where}. Check the server name and port, or your network.` };
  }
  const serverSaid = typeof facts.responseText === 'string' && facts.responseText.length > 0 ? `: ${facts.responseText.slice(0, 200)}` : '';
  return { code: 'SERVER_ERROR', message: `The mail server at ${where} refused the request${serverSaid}. Try again later.` };
}

/** Errors that mean "not reachable right now", as opposed to "needs the user's attention". */
export function isOfflineError(error: AppError): boolean {
  return error.code === 'HOST_UNREACHABLE' || error.code === 'TIMEOUT';
}

/** Errors no retry can fix: a rejected password, a certificate the user has not looked at yet. */
export function needsUserAction(error: AppError): boolean {
  return error.code === 'AUTH_FAILED' || error.code === 'CERTIFICATE_UNTRUSTED' || error.code === 'SIGN_IN_AGAIN';
}
