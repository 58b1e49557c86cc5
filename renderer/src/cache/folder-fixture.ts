import type { FolderRecord } from '../../../shared/domain/folder';

/** A plain subscribed folder of the account, for tests that write to the cache; INBOX has its role. */
export function testFolder(accountId: string, path: string): FolderRecord {
  return {
    accountId,
    path,
    name: path,
    delimiter: '/',
    parentPath: null,
    role: path === 'INBOX' ? 'inbox' : null,
    subscribed: true,
    selectable: true,
    keepOffline: false,
  };
}
