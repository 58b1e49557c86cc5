import { z } from 'zod';

export const addressSchema = z.object({
  name: z.string().max(1000),
  address: z.string().max(1000),
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
    part: z.string().max(200).optional(),
    type: z.string().max(255),
    parameters: z.record(z.string(), z.string()).optional(),
    id: z.string().optional(),
    encoding: z.string().max(100).optional(),
    size: z.number().nonnegative().optional(),
    disposition: z.string().max(100).optional(),
    dispositionParameters: z.record(z.string(), z.string()).optional(),
    childNodes: z.array(bodyStructureSchema).max(1000).optional(),
    lineCount: z.number().nonnegative().optional(),
    description: z.string().optional(),
  }),
);

/** Flags as the server spells them (`\Seen`, `$Forwarded`, ...). */
export const messageHeaderSchema = z.object({
  uid: z.number().int().positive(),
  messageId: z.string().nullable(),
  subject: z.string(),
  from: z.array(addressSchema),
  to: z.array(addressSchema),
  cc: z.array(addressSchema),
  /** Date header in epoch ms, or the internal date where the header is missing or broken. */
  date: z.number(),
  internalDate: z.number(),
  size: z.number().int().nonnegative(),
  flags: z.array(z.string()),
  bodyStructure: bodyStructureSchema.nullable(),
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
