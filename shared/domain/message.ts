import { z } from 'zod';

/**
 * Bounds on one message's header in the cache. The engine cuts what a server sends down to them, and
 * the schemas check the same numbers, so that hostile mail is trimmed, never refused by the cache.
 */
export const headerLimits = {
  text: 2000,
  addresses: 100,
  structureDepth: 30,
  structureChildren: 500,
  token: 100,
  mimeType: 255,
  parameters: 50,
  preview: 400,
} as const;

const limitedText = z.string().max(headerLimits.text);
const parameterRecord = z.record(z.string().max(headerLimits.token), limitedText);

export const addressSchema = z.object({
  name: limitedText,
  address: limitedText,
});
export type Address = z.infer<typeof addressSchema>;

/** BODYSTRUCTURE as plain data (imapflow's shape, minus the embedded envelope). */
export interface BodyStructureNode {
  part?: string | undefined;
  type: string;
  parameters?: Record<string, string> | undefined;
  id?: string | undefined;
  encoding?: string | undefined;
  size?: number | undefined;
  disposition?: string | undefined;
  dispositionParameters?: Record<string, string> | undefined;
  childNodes?: BodyStructureNode[] | undefined;
  lineCount?: number | undefined;
  description?: string | undefined;
}

export const bodyStructureSchema: z.ZodType<BodyStructureNode> = z.lazy(() =>
  z.object({
    part: z.string().max(headerLimits.token).optional(),
    type: z.string().max(headerLimits.mimeType),
    parameters: parameterRecord.optional(),
    id: limitedText.optional(),
    encoding: z.string().max(headerLimits.token).optional(),
    size: z.number().nonnegative().optional(),
    disposition: z.string().max(headerLimits.token).optional(),
    dispositionParameters: parameterRecord.optional(),
    childNodes: z.array(bodyStructureSchema).max(headerLimits.structureChildren).optional(),
    lineCount: z.number().nonnegative().optional(),
    description: limitedText.optional(),
  }),
);

/** Flags as the server spells them (`\Seen`, `$Forwarded`, ...). */
export const messageHeaderSchema = z.object({
  uid: z.number().int().positive(),
  messageId: limitedText.nullable(),
  subject: limitedText,
  from: z.array(addressSchema).max(headerLimits.addresses),
  to: z.array(addressSchema).max(headerLimits.addresses),
  cc: z.array(addressSchema).max(headerLimits.addresses),
  /** Date header in epoch ms, or the internal date where the header is missing or broken. */
  date: z.number(),
  internalDate: z.number(),
  size: z.number().int().nonnegative(),
  flags: z.array(z.string().max(headerLimits.text)).max(headerLimits.parameters * 4),
  bodyStructure: bodyStructureSchema.nullable(),
  /** The first words of the text, fetched after the headers for the newest mail; null until then. */
  preview: z.string().max(headerLimits.preview).nullable(),
});
export type MessageHeader = z.infer<typeof messageHeaderSchema>;

export const messageBodySchema = z.object({
  /** Which part was shown, and how: the renderer sanitizes html itself before display. */
  kind: z.enum(['plain', 'html', 'none']),
  text: z.string(),
  /** The part was longer than the client is willing to hold; the text is its beginning. */
  truncated: z.boolean(),
});
export type MessageBody = z.infer<typeof messageBodySchema>;

export function isSeen(flags: readonly string[]): boolean {
  return flags.includes('\\Seen');
}

/** What a cached body costs the disk, near enough: IndexedDB keeps strings as UTF-16. */
export function bodyBytes(body: MessageBody): number {
  return body.text.length * 2;
}

/** How a list sorts by sender: the name people see (or the address), without case. */
export function senderSortKey(from: readonly Address[]): string {
  const first = from[0];
  return (first === undefined ? '' : first.name || first.address).toLocaleLowerCase();
}
