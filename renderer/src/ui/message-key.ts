import { folderKey } from '../../../shared/domain/folder';
import type { Selection } from '../cache/mail-actions';

/** One message wherever it is shown: the unified Inbox mixes accounts, so a UID alone names nothing. */
export interface MessageKey {
  accountId: string;
  path: string;
  uid: number;
}

export function keyId(key: MessageKey): string {
  return `${folderKey(key.accountId, key.path)}\u0000${key.uid}`;
}

export function sameKey(a: MessageKey | null, b: MessageKey | null): boolean {
  return a !== null && b !== null && keyId(a) === keyId(b);
}

/** Actions work on one folder at a time: a selection across accounts becomes one per folder. */
export function byFolder(keys: readonly MessageKey[]): Selection[] {
  const groups = new Map<string, Selection & { uids: number[] }>();
  for (const key of keys) {
    const id = folderKey(key.accountId, key.path);
    const group = groups.get(id) ?? { accountId: key.accountId, path: key.path, uids: [] };
    group.uids.push(key.uid);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** Where the list's messages come from: one folder, or every account's Inbox. */
export type ListSource = { kind: 'folder'; accountId: string; path: string } | { kind: 'unified'; accountIds: readonly string[] };

export function sourceId(source: ListSource): string {
  return source.kind === 'folder' ? folderKey(source.accountId, source.path) : 'unified';
}
