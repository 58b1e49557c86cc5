import { z } from 'zod';
import { certificateFingerprintSchema } from './certificate';

/**
 * How the connection is secured. 'plain' sends the password and all mail unencrypted: it is accepted only
 * together with `plaintextOptIn: true` (see requirePlaintextOptIn), never by default.
 */
export const connectionSecuritySchema = z.enum(['tls', 'starttls', 'plain']);
export type ConnectionSecurity = z.infer<typeof connectionSecuritySchema>;

/** The user's explicit, per-account consent to plain text; absent on every other account. */
const plaintextOptInSchema = z.literal(true).optional();

/**
 * The one certificate the user chose to trust for this account although the system does not (self-signed,
 * expired, another name...), pinned by its SHA-256 fingerprint. Certificates the system trusts are accepted too.
 */
const trustedCertificateSchema = certificateFingerprintSchema.optional();

function requirePlaintextOptIn(value: { security: ConnectionSecurity; plaintextOptIn?: true | undefined }, ctx: z.RefinementCtx): void {
  if (value.security === 'plain' && value.plaintextOptIn !== true) {
    ctx.addIssue({
      code: 'custom',
      path: ['security'],
      message: 'Without encryption your password and mail can be read on the network. Confirm that you accept this, or choose TLS.',
    });
  }
}

const hostPattern = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/;

/** What the first-run form sends. The password leaves the renderer once, here, and never comes back. */
export const accountDraftSchema = z
  .object({
    displayName: z.string().trim().min(1, 'Enter the name people should see.').max(200),
    email: z.email('Enter a valid email address, like ada@example.com.').max(320),
    host: z
      .string()
      .trim()
      .min(1, 'Enter the IMAP server, like imap.example.com.')
      .max(253)
      .regex(hostPattern, 'The server name may hold only letters, digits, dots and dashes.'),
    port: z
      .number('Enter a port number.')
      .int('The port is a whole number.')
      .min(1, 'Ports run from 1 to 65535.')
      .max(65535, 'Ports run from 1 to 65535.'),
    security: connectionSecuritySchema,
    plaintextOptIn: plaintextOptInSchema,
    username: z.string().min(1, 'Enter the user name for the server.').max(320),
    password: z.string().min(1, 'Enter the password.').max(4096),
    /** Set after the user looked at the server's certificate and trusted it; checked against what the server presents. */
    trustedCertificate: trustedCertificateSchema,
  })
  .superRefine(requirePlaintextOptIn);
export type AccountDraft = z.infer<typeof accountDraftSchema>;

/** An account as everything outside the secret store sees it: no password. */
export const accountSummarySchema = z
  .object({
    id: z.string().min(1).max(100),
    displayName: z.string(),
    email: z.string(),
    host: z.string(),
    port: z.number().int(),
    security: connectionSecuritySchema,
    plaintextOptIn: plaintextOptInSchema,
    trustedCertificate: trustedCertificateSchema,
    username: z.string(),
    /** Folders whose message bodies are fetched ahead of need, so they can be read offline. */
    offlineFolders: z.array(z.string()).default([]),
  })
  .superRefine(requirePlaintextOptIn);
export type AccountSummary = z.infer<typeof accountSummarySchema>;

export const accountIdSchema = z.string().min(1).max(100);
