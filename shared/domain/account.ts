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

/** The first-run form's fields, before the rule that ties plain text to its opt-in (zod cannot omit from a refined schema). */
const accountDraftFields = z.object({
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
});

/** What the first-run form sends. The password leaves the renderer once, here, and never comes back. */
export const accountDraftSchema = accountDraftFields.superRefine(requirePlaintextOptIn);
export type AccountDraft = z.infer<typeof accountDraftSchema>;

/**
 * What the account settings let the user change. The password and OAuth2 tokens have their own ways
 * (`accounts.updatePassword`, signing in again); the id never changes.
 */
export const accountEditSchema = accountDraftFields
  .omit({ password: true, trustedCertificate: true })
  .extend({ accountId: z.string().min(1).max(100) })
  .superRefine(requirePlaintextOptIn);
export type AccountEdit = z.infer<typeof accountEditSchema>;

/** The providers Kestrel can sign in to with OAuth2 (the browser signs in; no password is kept). */
export const oauthProviderIdSchema = z.enum(['google', 'microsoft']);
export type OAuthProviderId = z.infer<typeof oauthProviderIdSchema>;

/** Each provider's IMAP server, used when the form names none. */
export const oauthProviderImap: Readonly<Record<OAuthProviderId, { label: string; host: string; port: number }>> = {
  google: { label: 'Google', host: 'imap.gmail.com', port: 993 },
  microsoft: { label: 'Microsoft', host: 'outlook.office365.com', port: 993 },
};

/** How the account signs in. Its secret (password, or OAuth2 tokens) stays in main's secret store. */
export const accountAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password') }),
  z.object({ kind: z.literal('oauth2'), provider: oauthProviderIdSchema }),
]);
export type AccountAuth = z.infer<typeof accountAuthSchema>;

/**
 * An account that signs in with OAuth2: the server settings of the first-run form, no password, and the
 * sign-in the browser has finished (`accounts.beginOAuthSignIn`).
 */
export const oauthAccountDraftSchema = accountDraftFields
  .omit({ password: true })
  .extend({ signInId: z.string().min(1).max(100) })
  .superRefine(requirePlaintextOptIn);
export type OAuthAccountDraft = z.infer<typeof oauthAccountDraftSchema>;

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
    /** Absent: a password (every account saved before OAuth2 existed). */
    auth: accountAuthSchema.optional(),
  })
  .superRefine(requirePlaintextOptIn);
export type AccountSummary = z.infer<typeof accountSummarySchema>;

export function accountAuthOf(account: Pick<AccountSummary, 'auth'>): AccountAuth {
  return account.auth ?? { kind: 'password' };
}

export const accountIdSchema = z.string().min(1).max(100);
