import { z } from 'zod';

/** SHA-256 of the certificate's DER bytes, as Node and browsers print it: 32 upper-case hex pairs joined by colons. */
export const certificateFingerprintSchema = z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'Not a SHA-256 certificate fingerprint.');
export type CertificateFingerprint = z.infer<typeof certificateFingerprintSchema>;

/** Why the system did not trust the certificate the server presented. */
export const certificateProblemReasonSchema = z.enum(['self-signed', 'expired', 'not-yet-valid', 'wrong-host', 'unknown-issuer', 'untrusted']);
export type CertificateProblemReason = z.infer<typeof certificateProblemReasonSchema>;

/** What the user needs to decide whether to trust a certificate: who it names, who vouches for it, when, and its fingerprint. */
export const certificateProblemSchema = z.object({
  host: z.string().max(253),
  port: z.number().int(),
  reason: certificateProblemReasonSchema,
  /** Node's (OpenSSL's) code for the failure, for support requests. */
  reasonCode: z.string().max(100),
  subject: z.string().max(2000),
  issuer: z.string().max(2000),
  /** Names the certificate is valid for (subjectAltName), e.g. "DNS:imap.example.com, IP Address:192.0.2.1". */
  altNames: z.string().max(4000),
  /** ISO 8601. */
  validFrom: z.string().max(40),
  validTo: z.string().max(40),
  sha256: certificateFingerprintSchema,
});
export type CertificateProblem = z.infer<typeof certificateProblemSchema>;

const reasonText: Record<CertificateProblemReason, string> = {
  'self-signed': 'it is self-signed, so no certificate authority vouches for it',
  expired: 'it has expired',
  'not-yet-valid': 'it is not valid yet',
  'wrong-host': 'it was issued for another server name',
  'unknown-issuer': 'it was issued by an authority this computer does not trust',
  untrusted: 'this computer does not trust it',
};

export function describeCertificateReason(reason: CertificateProblemReason): string {
  return reasonText[reason];
}
