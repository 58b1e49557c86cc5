import { z } from 'zod';

export const folderRoleSchema = z.enum(['inbox', 'sent', 'drafts', 'trash', 'junk', 'archive', 'all', 'flagged']);
export type FolderRole = z.infer<typeof folderRoleSchema>;

/** A folder is named by its account and its full server path; this makes one key of both. */
export function folderKey(accountId: string, path: string): string {
  return `${accountId}\u0000${path}`;
}

export const folderRecordSchema = z.object({
  accountId: z.string().min(1),
  path: z.string().min(1),
  name: z.string(),
  delimiter: z.string().nullable(),
  parentPath: z.string().nullable(),
  role: folderRoleSchema.nullable(),
  subscribed: z.boolean(),
  /** \Noselect folders are only nodes of the tree: they hold no messages. */
  selectable: z.boolean(),
  /** Bodies are prefetched for offline reading (the account's setting, shown with the folder). */
  keepOffline: z.boolean(),
});
export type FolderRecord = z.infer<typeof folderRecordSchema>;

/** Order in which special-use folders lead the sidebar. */
export const folderRoleOrder: readonly FolderRole[] = ['inbox', 'drafts', 'sent', 'archive', 'flagged', 'all', 'junk', 'trash'];

export function compareFolders(a: FolderRecord, b: FolderRecord): number {
  const rank = (f: FolderRecord): number => (f.role === null ? folderRoleOrder.length : folderRoleOrder.indexOf(f.role));
  return rank(a) - rank(b) || a.path.localeCompare(b.path);
}
