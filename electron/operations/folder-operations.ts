import type { ImapFlow } from 'imapflow';
import type { MailOperation, OperationOutcome } from '../../shared/domain/operation';
import { imapRefusalOf } from '../imap/message-commands';
import { leaveReadOnlyMailbox } from '../imap/mailbox';
import { refused } from './refusals';
import { backToReadOnly } from './writable-folder';

const done: OperationOutcome = { kind: 'done' };

async function exists(client: ImapFlow, path: string): Promise<boolean> {
  const listed = await client.list({ statusQuery: {} });
  return listed.some((folder) => folder.path === path);
}

/**
 * Folder changes are made to be repeated safely: after a lost answer the folder tree itself says
 * whether the change happened (created, gone, or under its new name), so no checkpoint is needed.
 */
export async function performFolderOperation(
  client: ImapFlow,
  operation: MailOperation & { kind: 'createFolder' | 'renameFolder' | 'deleteFolder' | 'subscribe' },
): Promise<OperationOutcome> {
  // A folder selected on this connection cannot always be renamed or deleted; the sync connection only
  // ever has one open read-only, so closing it removes nothing.
  await backToReadOnly(client);
  await leaveReadOnlyMailbox(client);
  try {
    switch (operation.kind) {
      case 'createFolder':
        await client.mailboxCreate(operation.path);
        return done;
      case 'renameFolder': {
        // Subscriptions are kept by name, and RENAME does not carry them over on every server (Dovecot
        // does not): the folder and those inside it are subscribed again under their new names.
        const subscribed = (await client.list()).filter(
          (folder) => folder.subscribed && (folder.path === operation.path || folder.path.startsWith(operation.path + folder.delimiter)),
        );
        await client.mailboxRename(operation.path, operation.toPath);
        for (const folder of subscribed) {
          await client.mailboxSubscribe(operation.toPath + folder.path.slice(operation.path.length));
          await client.mailboxUnsubscribe(folder.path);
        }
        return done;
      }
      case 'deleteFolder':
        await client.mailboxDelete(operation.path);
        return done;
      case 'subscribe': {
        const changed = operation.subscribed ? await client.mailboxSubscribe(operation.path) : await client.mailboxUnsubscribe(operation.path);
        if (!changed && !(await exists(client, operation.path))) throw refused(`The folder ${operation.path} no longer exists on the server.`);
        if (!changed) throw new Error('SUBSCRIBE was not accepted');
        return done;
      }
    }
  } catch (error) {
    const refusal = imapRefusalOf(error);
    if (refusal === null) throw error;
    // The answer to an earlier attempt may have been lost: what the tree looks like now decides.
    if (operation.kind === 'createFolder' && (await exists(client, operation.path))) return done;
    if (operation.kind === 'deleteFolder' && !(await exists(client, operation.path))) return done;
    if (operation.kind === 'renameFolder') {
      const [from, to] = [await exists(client, operation.path), await exists(client, operation.toPath)];
      if (!from && to) return done;
      if (!from) throw refused(`The folder ${operation.path} no longer exists on the server. The change was undone.`);
    }
    throw refusal;
  }
}
