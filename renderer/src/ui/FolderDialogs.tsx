import { useEffect, useState } from 'react';
import type { MailActionRunner } from './use-mail-actions';
import { ConfirmDialog, TextDialog } from './Dialog';
import { folderDisplayName } from './folder-names';
import type { FolderCommand } from './FolderList';

interface Props {
  accountId: string;
  command: FolderCommand | null;
  runner: MailActionRunner;
  onDone: () => void;
  /** The folder on screen was renamed or deleted: show another. */
  onFolderGone: (path: string, renamedTo: string | null) => void;
}

/** Asks what a folder command needs (a name, a confirmation), then runs it; quick ones run at once. */
export function FolderDialogs({ accountId, command, runner, onDone, onFolderGone }: Props) {
  const [messages, setMessages] = useState<number | null>(null);
  const { actions, run } = runner;

  useEffect(() => {
    if (command?.kind === 'delete') void actions.messagesIn(accountId, command.folder.path).then(setMessages);
    if (command?.kind === 'markRead') {
      void run(accountId, (mail) => mail.markFolderRead(accountId, command.folder.path));
      onDone();
    }
    if (command?.kind === 'subscribe') {
      void run(accountId, (mail) => mail.setSubscribed(accountId, command.folder.path, command.subscribed));
      onDone();
    }
  }, [command, actions, accountId, run, onDone]);

  if (command === null) return null;
  switch (command.kind) {
    case 'create':
      return (
        <TextDialog
          title={command.parentPath === null ? 'New folder' : 'New folder inside'}
          label="Folder name"
          initial=""
          submitLabel="Create"
          onCancel={onDone}
          onSubmit={(name) => {
            onDone();
            void run(accountId, (mail) => mail.createFolder(accountId, command.parentPath, name));
          }}
        />
      );
    case 'rename': {
      const { folder } = command;
      return (
        <TextDialog
          title={`Rename ${folderDisplayName(folder)}`}
          label={folder.delimiter === null ? 'New name' : `New name (use “${folder.delimiter}” to move it into another folder)`}
          initial={folder.path}
          submitLabel="Rename"
          onCancel={onDone}
          onSubmit={(toPath) => {
            onDone();
            void run(accountId, async (mail) => {
              await mail.renameFolder(accountId, folder.path, toPath.trim());
              onFolderGone(folder.path, toPath.trim());
            });
          }}
        />
      );
    }
    case 'delete': {
      const { folder } = command;
      if (messages === null) return null;
      return (
        <ConfirmDialog
          title={`Delete ${folderDisplayName(folder)}?`}
          confirmLabel="Delete folder"
          onCancel={() => {
            setMessages(null);
            onDone();
          }}
          onConfirm={() => {
            setMessages(null);
            onDone();
            void run(accountId, async (mail) => {
              await mail.deleteFolder(accountId, folder.path);
              onFolderGone(folder.path, null);
            });
          }}
        >
          <p>
            {messages === 0
              ? 'The folder is empty.'
              : `The ${messages.toLocaleString()} message${messages === 1 ? '' : 's'} in it will be deleted for good, on the server too.`}{' '}
            This cannot be undone.
          </p>
        </ConfirmDialog>
      );
    }
    case 'markRead':
    case 'subscribe':
      return null;
  }
}
