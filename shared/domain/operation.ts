import { z } from 'zod';
import { appErrorSchema } from '../ipc/result';
import { draftSchema } from './draft';

/**
 * UIDs one queued operation names. Negative ones are placeholders of messages whose move to this folder
 * the server has not done yet: settling that move renames them, and the engine skips any left.
 */
const uidsSchema = z
  .array(
    z
      .number()
      .int()
      .refine((uid) => uid !== 0, 'UID 0 names no message'),
  )
  .min(1)
  .max(1_000_000);
const pathSchema = z.string().min(1).max(1000);
/** IMAP flags and keywords: an atom, no spaces, brackets or wildcards (RFC 9051 flag-keyword). */
export const flagSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^\\?[^\s(){%*"\\\]]+$/, 'Not a valid flag or keyword.');

/**
 * A change the user made, recorded in the cache with its local effect and replayed against the server
 * by the engine. Message operations carry the UIDVALIDITY their UIDs belong to: under another one they
 * name other messages and must be dropped (RFC 4549 section 3).
 */
export const mailOperationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('flags'),
    path: pathSchema,
    uidValidity: z.number().int().positive(),
    uids: uidsSchema,
    add: z.array(flagSchema).max(50),
    remove: z.array(flagSchema).max(50),
  }),
  /** Every message below `belowUid` read: mail that arrived after the user asked stays unread. */
  z.object({ kind: z.literal('markFolderRead'), path: pathSchema, uidValidity: z.number().int().positive(), belowUid: z.number().int().positive() }),
  /**
   * Move (or copy), within one account or to another. `placeholders[i]` is the negative UID under which the cache shows
   * `uids[i]` in the destination until the server has given it its real one.
   */
  z.object({
    kind: z.literal('move'),
    path: pathSchema,
    uidValidity: z.number().int().positive(),
    uids: uidsSchema,
    toPath: pathSchema,
    /** Another account's folder: the messages are fetched, appended there, then removed here. */
    toAccountId: z.string().min(1).optional(),
    copy: z.boolean(),
    placeholders: z.array(z.number().int().negative()),
  }),
  /** Removed for good: \Deleted and UID EXPUNGE of exactly these UIDs. */
  z.object({ kind: z.literal('expunge'), path: pathSchema, uidValidity: z.number().int().positive(), uids: uidsSchema }),
  z.object({ kind: z.literal('createFolder'), path: pathSchema }),
  z.object({ kind: z.literal('renameFolder'), path: pathSchema, toPath: pathSchema }),
  z.object({ kind: z.literal('deleteFolder'), path: pathSchema }),
  z.object({ kind: z.literal('subscribe'), path: pathSchema, subscribed: z.boolean() }),
  /** A message written here, appended to the account's Drafts folder (`path`) with \Draft, exactly once. */
  z.object({ kind: z.literal('saveDraft'), path: pathSchema, draft: draftSchema }),
]);
export type MailOperation = z.infer<typeof mailOperationSchema>;

/** What tells a message's copy apart in another folder, where it has another UID. */
export const messageIdentitySchema = z.object({
  uid: z.number().int().positive(),
  messageId: z.string().max(2000).nullable(),
  size: z.number().int().nonnegative(),
});
export type MessageIdentity = z.infer<typeof messageIdentitySchema>;

/**
 * Written before a command whose effect cannot be repeated safely (COPY, MOVE) goes out: when the
 * connection drops before the answer, the next attempt knows the outcome is unknown and looks for the
 * copies first, among the destination's UIDs from `destinationUidNext` on.
 */
export const operationCheckpointSchema = z.object({
  destinationUidNext: z.number().int().positive(),
  messages: z.array(messageIdentitySchema).max(1_000_000),
});
export type OperationCheckpoint = z.infer<typeof operationCheckpointSchema>;

export const queuedOperationSchema = z.object({
  id: z.number().int().positive(),
  accountId: z.string().min(1),
  operation: mailOperationSchema,
  checkpoint: operationCheckpointSchema.nullable(),
});
export type QueuedOperation = z.infer<typeof queuedOperationSchema>;

/** Where a moved or copied message landed: its UID in the destination, null when the server did not say. */
export const movedMessageSchema = z.object({ from: z.number().int().positive(), to: z.number().int().positive().nullable() });
export type MovedMessage = z.infer<typeof movedMessageSchema>;

export const operationOutcomeSchema = z.discriminatedUnion('kind', [
  /** The server has the change. */
  z.object({ kind: z.literal('done'), moved: z.array(movedMessageSchema).optional() }),
  /** The server refused for good: the local change is undone and the user told why. */
  z.object({ kind: z.literal('refused'), error: appErrorSchema }),
]);
export type OperationOutcome = z.infer<typeof operationOutcomeSchema>;
