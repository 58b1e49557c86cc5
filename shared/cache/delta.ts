import { z } from 'zod';
import { accountSummarySchema } from '../domain/account';
import { folderRecordSchema } from '../domain/folder';
import { headerLimits, messageBodySchema, messageHeaderSchema, type BodyStructureNode } from '../domain/message';

/**
 * What the engine knows of one folder on the server, committed in the same transaction as the data it
 * describes so that the two never drift apart.
 */
export const folderSyncStateSchema = z.object({
  uidValidity: z.number().int().positive(),
  /** Every UID below this was looked at by the engine (new mail starts here). */
  uidNext: z.number().int().positive(),
  /** Decimal string: modseqs are 63-bit and do not fit a JS number. Null without CONDSTORE. */
  highestModseq: z.string().regex(/^\d+$/).nullable(),
  /**
   * Backfill goes newest first: every UID at or above this (and below uidNext) is cached.
   * 1 means the whole history is cached.
   */
  completeDownTo: z.number().int().positive(),
  messageCount: z.number().int().nonnegative(),
});
export type FolderSyncState = z.infer<typeof folderSyncStateSchema>;

export const flagUpdateSchema = z.object({ uid: z.number().int().positive(), flags: z.array(z.string()) });
export type FlagUpdate = z.infer<typeof flagUpdateSchema>;

export const cacheDeltaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('account'), account: accountSummarySchema }),
  /** The whole folder list of one account: folders not named here are gone from the server. */
  z.object({ kind: z.literal('folders'), accountId: z.string().min(1), folders: z.array(folderRecordSchema) }),
  z.object({
    kind: z.literal('messages'),
    accountId: z.string().min(1),
    path: z.string().min(1),
    /** The folder's UIDVALIDITY changed: what the cache holds for it names other messages now. */
    reset: z.boolean(),
    upserts: z.array(messageHeaderSchema),
    /** New flags of messages the cache may hold; UIDs it does not hold are ignored. */
    flagUpdates: z.array(flagUpdateSchema),
    /** Messages gone from the server; UIDs the cache never held are ignored. */
    expunged: z.array(z.number().int().positive()),
    state: folderSyncStateSchema,
  }),
  z.object({
    kind: z.literal('previews'),
    accountId: z.string().min(1),
    path: z.string().min(1),
    uidValidity: z.number().int().positive(),
    previews: z.array(z.object({ uid: z.number().int().positive(), preview: z.string().max(headerLimits.preview) })),
  }),
  z.object({
    kind: z.literal('body'),
    accountId: z.string().min(1),
    path: z.string().min(1),
    uidValidity: z.number().int().positive(),
    uid: z.number().int().positive(),
    body: messageBodySchema,
  }),
  /** Images a message's HTML shows by cid:, as data: URLs, fetched when the user allowed images. */
  z.object({
    kind: z.literal('inlineImages'),
    accountId: z.string().min(1),
    path: z.string().min(1),
    uidValidity: z.number().int().positive(),
    uid: z.number().int().positive(),
    images: z.record(z.string(), z.string()),
  }),
  /** The server lists the folder but it holds nothing any more (deleted while it had subfolders). */
  z.object({ kind: z.literal('folderEmptied'), accountId: z.string().min(1), path: z.string().min(1) }),
  /** Messages a server search found that the cache did not hold; the folder's sync state stays as it is. */
  z.object({
    kind: z.literal('found'),
    accountId: z.string().min(1),
    path: z.string().min(1),
    uidValidity: z.number().int().positive(),
    upserts: z.array(messageHeaderSchema),
  }),
  /** Bodies fetched ahead of need for a folder kept offline. */
  z.object({
    kind: z.literal('bodies'),
    accountId: z.string().min(1),
    path: z.string().min(1),
    uidValidity: z.number().int().positive(),
    bodies: z.array(z.object({ uid: z.number().int().positive(), body: messageBodySchema })),
  }),
]);
export type CacheDelta = z.infer<typeof cacheDeltaSchema>;

/** The cache's offline storage: what the bodies it keeps take, and what they may take. */
export interface BodyStorage {
  usedBytes: number;
  budgetBytes: number;
}

/** A message whose body the cache does not have yet, with what is needed to fetch it. */
export interface WantedBody {
  uid: number;
  bodyStructure: BodyStructureNode | null;
}

export const folderRefSchema = z.object({ accountId: z.string().min(1), path: z.string().min(1) });
export type FolderRef = z.infer<typeof folderRefSchema>;

export const messageRefSchema = folderRefSchema.extend({
  uidValidity: z.number().int().positive(),
  uid: z.number().int().positive(),
});
export type MessageRef = z.infer<typeof messageRefSchema>;
