import { z } from 'zod';
import { isAddressSpec } from '../compose/address-list';
import { addressSchema } from './message';

/** The longest text a draft takes: a letter, not an archive (attachments are not written here yet). */
export const MAX_DRAFT_TEXT = 1_000_000;

const oneLine = z
  .string()
  .max(1000)
  .refine((text) => !/[\r\n]/.test(text), 'One line only.');
/** Addresses as mail carries them: ASCII, an internationalized domain in its xn-- form (address-list.ts). */
const mailboxSchema = addressSchema.extend({
  name: oneLine,
  address: z.string().refine(isAddressSpec, 'Not an email address.'),
});
const recipientsSchema = z.array(mailboxSchema).max(500);

/**
 * A message written in Kestrel, saved to the account's Drafts folder. Its Message-ID and date are fixed
 * when it is made: every attempt to save it writes the same message, and an attempt whose answer was lost
 * is recognised in the folder by its Message-ID instead of saved twice.
 */
export const draftSchema = z.object({
  from: mailboxSchema,
  to: recipientsSchema,
  cc: recipientsSchema,
  bcc: recipientsSchema,
  subject: oneLine,
  text: z.string().max(MAX_DRAFT_TEXT),
  messageId: z.string().regex(/^<[^<>\s@]+@[^<>\s@]+>$/, 'Not a Message-ID.'),
  date: z.number().int().nonnegative(),
});
export type Draft = z.infer<typeof draftSchema>;
