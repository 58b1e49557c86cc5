import type { X509Certificate } from 'node:crypto';
import type { CertificateFingerprint, CertificateProblem, CertificateProblemReason } from '../../shared/domain/certificate';

/** The server presented a certificate that neither the system nor the account's pin trusts. Nothing was sent. */
export class UntrustedCertificateError extends Error {
  readonly code = 'CERTIFICATE_UNTRUSTED';
  constructor(readonly problem: CertificateProblem) {
    super(`The certificate of ${problem.host}:${String(problem.port)} is not trusted (${problem.reasonCode})`);
    this.name = 'UntrustedCertificateError';
  }
}

/** OpenSSL's verification codes (and Node's for the name check), grouped into what the user is told. */
const reasons: Record<string, CertificateProblemReason> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown-issuer',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-issuer',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-host',
};

export interface PresentedCertificate {
  /** Node's `authorized`: the chain verified against the trust store and the name matched. */
  authorized: boolean;
  /** Node's `authorizationError`: a code string at runtime, although typed as an Error. */
  authorizationError: unknown;
  certificate: X509Certificate | undefined;
}

function reasonCodeOf(authorizationError: unknown): string {
  if (typeof authorizationError === 'string') return authorizationError;
  if (authorizationError instanceof Error)
    return 'code' in authorizationError && typeof authorizationError.code === 'string' ? authorizationError.code : authorizationError.message;
  return 'UNKNOWN';
}

function isoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** X509Certificate prints names one attribute a line; one line reads better in a dialog. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

export function describeCertificate(certificate: X509Certificate, reasonCode: string, server: { host: string; port: number }): CertificateProblem {
  return {
    host: server.host,
    port: server.port,
    reason: reasons[reasonCode] ?? 'untrusted',
    reasonCode: reasonCode.slice(0, 100),
    subject: oneLine(certificate.subject).slice(0, 2000),
    issuer: oneLine(certificate.issuer).slice(0, 2000),
    altNames: (certificate.subjectAltName ?? '').slice(0, 4000),
    validFrom: isoDate(certificate.validFrom),
    validTo: isoDate(certificate.validTo),
    sha256: certificate.fingerprint256,
  };
}

/**
 * Decides, right after the handshake and before a single byte of IMAP, whether to go on: yes when the system
 * trusts the certificate for this name, or when it is exactly the certificate the user pinned for this account.
 * Returns the error to close the connection with otherwise.
 */
export function checkPresentedCertificate(
  presented: PresentedCertificate,
  pinned: CertificateFingerprint | undefined,
  server: { host: string; port: number },
): Error | null {
  if (presented.authorized) return null;
  const { certificate } = presented;
  if (certificate === undefined) {
    // No certificate at all (an anonymous cipher): nothing the user could look at or pin. A plain TLS failure.
    return Object.assign(new Error(`${server.host}:${String(server.port)} presented no certificate`), { code: 'ERR_TLS_NO_CERTIFICATE' });
  }
  if (pinned !== undefined && certificate.fingerprint256 === pinned) return null;
  return new UntrustedCertificateError(describeCertificate(certificate, reasonCodeOf(presented.authorizationError), server));
}
