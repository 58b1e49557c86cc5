import { z } from 'zod';
import { accountDraftSchema } from './account';

/** Discovery offers encrypted connections only: plain text is something a user opts into by hand. */
export const discoveredSecuritySchema = z.enum(['tls', 'starttls']);
export type DiscoveredSecurity = z.infer<typeof discoveredSecuritySchema>;

/** Where found settings came from: the form says so, since a guess deserves more doubt than a known provider. */
export const settingsSourceSchema = z.discriminatedUnion('kind', [
  /** Kestrel's own table of the big providers. */
  z.object({ kind: z.literal('provider'), provider: z.string().max(100), hint: z.string().max(300).optional() }),
  /** The domain's autoconfig file (Thunderbird's config-v1.1.xml), fetched over HTTPS. */
  z.object({ kind: z.literal('autoconfig'), domain: z.string().max(253), url: z.string().max(2000) }),
  /**
   * An RFC 6186 SRV record. DNS answers are not authenticated, so a server outside the address's domain
   * is pointed out for the user to confirm (RFC 6186 section 6).
   */
  z.object({ kind: z.literal('dns'), record: z.string().max(300), domain: z.string().max(253), outsideDomain: z.boolean() }),
  /** A common host name that answered; certificateTrusted is false when its certificate did not verify. */
  z.object({ kind: z.literal('guess'), certificateTrusted: z.boolean() }),
]);
export type SettingsSource = z.infer<typeof settingsSourceSchema>;

export const discoveredSettingsSchema = z.object({
  host: accountDraftSchema.shape.host,
  port: accountDraftSchema.shape.port,
  security: discoveredSecuritySchema,
  username: accountDraftSchema.shape.username,
  source: settingsSourceSchema,
});
export type DiscoveredSettings = z.infer<typeof discoveredSettingsSchema>;
