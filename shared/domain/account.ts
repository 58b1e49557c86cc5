import { z } from 'zod';

/** How the connection is secured. Plain text is deliberately not offered here. */
export const connectionSecuritySchema = z.enum(['tls', 'starttls']);
export type ConnectionSecurity = z.infer<typeof connectionSecuritySchema>;

const hostPattern = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/;

/** What the first-run form sends. The password leaves the renderer once, here, and never comes back. */
export const accountDraftSchema = z.object({
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
  username: z.string().min(1, 'Enter the user name for the server.').max(320),
  password: z.string().min(1, 'Enter the password.').max(4096),
});
export type AccountDraft = z.infer<typeof accountDraftSchema>;

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
export const oauthAccountDraftSchema = accountDraftSchema.omit({ password: true }).extend({ signInId: z.string().min(1).max(100) });
export type OAuthAccountDraft = z.infer<typeof oauthAccountDraftSchema>;

/** An account as everything outside the secret store sees it: no password. */
export const accountSummarySchema = z.object({
  id: z.string().min(1).max(100),
  displayName: z.string(),
  email: z.string(),
  host: z.string(),
  port: z.number().int(),
  security: connectionSecuritySchema,
  username: z.string(),
  /** Folders whose message bodies are fetched ahead of need, so they can be read offline. */
  offlineFolders: z.array(z.string()).default([]),
  /** Absent: a password (every account saved before OAuth2 existed). */
  auth: accountAuthSchema.optional(),
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;

export function accountAuthOf(account: Pick<AccountSummary, 'auth'>): AccountAuth {
  return account.auth ?? { kind: 'password' };
}

export const accountIdSchema = z.string().min(1).max(100);
