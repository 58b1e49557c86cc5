import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { folderKey } from '../../../shared/domain/folder';
import type { KestrelApi } from '../../../shared/ipc/contract';
import type { MailCache } from '../cache/db';
import { FLAGGED, SEEN, type Selection } from '../cache/mail-actions';
import { hostConnection } from '../transport/host-connection';
import { AddAccountForm } from './AddAccountForm';
import { ConfirmDialog, TextDialog } from './Dialog';
import { FolderDialogs } from './FolderDialogs';
import { FolderList, type FolderCommand } from './FolderList';
import { MessageList } from './MessageList';
import { MessageToolbar, type MessageCommand } from './MessageToolbar';
import { PendingChanges } from './PendingChanges';
import { Reader } from './Reader';
import { StatusBar } from './StatusBar';
import { ToastBar } from './ToastBar';
import { useEngine } from './use-engine';
import { useMailActions } from './use-mail-actions';

interface Props {
  api: KestrelApi;
  db: MailCache;
  browserMode: boolean;
}

function messagesLabel(count: number): string {
  return count === 1 ? '1 message' : `${count.toLocaleString()} messages`;
}

export function App({ api, db, browserMode }: Props) {
  const engine = useEngine(api, db);
  const runner = useMailActions(api, db);
  const hostConnected = useSyncExternalStore(hostConnection.subscribe, hostConnection.get);
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);
  const [path, setPath] = useState('INBOX');
  const [openUid, setOpenUid] = useState<number | null>(null);
  const [selectedUids, setSelectedUids] = useState<number[]>([]);
  const [folderCommand, setFolderCommand] = useState<FolderCommand | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<Selection | null>(null);
  const [tagging, setTagging] = useState<Selection | null>(null);
  const accountId = accounts?.[0]?.id;

  // Pushed changes follow the folder on screen; the answer adds nothing to show.
  useEffect(() => {
    if (accountId !== undefined) void api.invoke('sync.watchFolder', { accountId, path });
  }, [api, accountId, path]);

  // Ctrl/Cmd+Z takes back the last move or delete while its toast shows.
  const undo = runner.toast?.undo;
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z' && undo !== undefined) {
        event.preventDefault();
        undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [undo]);

  const showFolder = useCallback((next: string) => {
    setPath(next);
    setOpenUid(null);
    setSelectedUids([]);
  }, []);
  const closeFolderCommand = useCallback(() => {
    setFolderCommand(null);
  }, []);

  if (accounts === undefined) return null;
  const account = accounts[0];
  if (account === undefined) {
    return (
      <AddAccountForm
        api={api}
        onAdded={(added) => {
          void db.accounts.put(added).then(() => {
            engine.sync(added.id);
          });
        }}
      />
    );
  }

  const selection: Selection = { accountId: account.id, path, uids: selectedUids.length > 0 ? selectedUids : openUid === null ? [] : [openUid] };
  const clearSelection = (): void => {
    setSelectedUids([]);
    setOpenUid(null);
  };

  const open = (uid: number): void => {
    setOpenUid(uid);
    setSelectedUids([uid]);
    // Opening a message reads it, as in every mail client.
    void db.messages.get([folderKey(account.id, path), uid]).then((row) => {
      if (row !== undefined && !row.flags.includes(SEEN))
        void runner.run(account.id, (mail) => mail.setFlags({ accountId: account.id, path, uids: [uid] }, [SEEN], []));
    });
  };

  const onCommand = async (command: MessageCommand): Promise<void> => {
    const target = selection;
    if (target.uids.length === 0) return;
    const what = messagesLabel(target.uids.length);
    if (command === 'toggleRead' || command === 'toggleStar') {
      const key = folderKey(account.id, path);
      const rows = (await db.messages.bulkGet(target.uids.map((uid): [string, number] => [key, uid]))).flatMap((row) =>
        row === undefined ? [] : [row],
      );
      const flag = command === 'toggleRead' ? SEEN : FLAGGED;
      const add = command === 'toggleRead' ? rows.some((row) => !row.flags.includes(SEEN)) : !rows.every((row) => row.flags.includes(FLAGGED));
      await runner.run(account.id, (mail) => mail.setFlags(target, add ? [flag] : [], add ? [] : [flag]));
      return;
    }
    if (command === 'tag') {
      setTagging(target);
      return;
    }
    if (typeof command === 'object' && 'untag' in command) {
      await runner.run(account.id, (mail) => mail.setFlags(target, [], [command.untag]));
      return;
    }
    if (command === 'archive') {
      clearSelection();
      await runner.runUndoable(account.id, `Archived ${what}.`, (mail) => mail.archive(target));
      return;
    }
    if (command === 'delete') {
      if (await runner.actions.deletesForGood(account.id, path)) {
        setConfirmDelete(target);
        return;
      }
      clearSelection();
      await runner.runUndoable(account.id, `Moved ${what} to Trash.`, (mail) => mail.delete(target));
      return;
    }
    clearSelection();
    await runner.runUndoable(account.id, `Moved ${what} to ${command.moveTo}.`, (mail) => mail.move(target, command.moveTo));
  };

  return (
    <div className="app">
      <FolderList
        db={db}
        accountId={account.id}
        accountLabel={account.email}
        selectedPath={path}
        onSelect={showFolder}
        onKeepOffline={(folderPath, keepOffline) => {
          // The folder's new state arrives through the cache with the sync this starts.
          void api.invoke('folders.setKeepOffline', { accountId: account.id, path: folderPath, keepOffline });
        }}
        onDropMessages={(messages, toPath, copy) => {
          if (messages.path === path) clearSelection();
          const what = messagesLabel(messages.uids.length);
          if (copy) void runner.run(account.id, (mail) => mail.move(messages, toPath, { copy: true }));
          else void runner.runUndoable(account.id, `Moved ${what} to ${toPath}.`, (mail) => mail.move(messages, toPath));
        }}
        onFolderCommand={setFolderCommand}
      />
      <div className="list-pane">
        <MessageToolbar
          db={db}
          accountId={account.id}
          path={path}
          selectedUids={selection.uids}
          onCommand={(command) => {
            void onCommand(command);
          }}
        />
        <MessageList
          db={db}
          accountId={account.id}
          path={path}
          folderKey={folderKey(account.id, path)}
          selectedUids={selectedUids}
          openUid={openUid}
          onOpen={open}
          onSelectionChange={setSelectedUids}
          onCommand={(command) => {
            void onCommand(command);
          }}
        />
      </div>
      {openUid === null ? (
        <section className="reader empty" aria-label="Message">
          <p>{selectedUids.length > 1 ? `${messagesLabel(selectedUids.length)} selected.` : 'Select a message to read it.'}</p>
        </section>
      ) : (
        <Reader
          api={api}
          db={db}
          accountId={account.id}
          path={path}
          uid={openUid}
          onRemoveTag={(tag) => {
            void runner.run(account.id, (mail) => mail.setFlags({ accountId: account.id, path, uids: [openUid] }, [], [tag]));
          }}
        />
      )}
      <StatusBar
        status={engine.statuses[account.id]}
        hostConnected={hostConnected}
        browserMode={browserMode}
        onRetry={() => {
          engine.sync(account.id);
        }}
      >
        <PendingChanges db={db} accountId={account.id} />
      </StatusBar>
      <ToastBar toast={runner.toast} onDismiss={runner.dismissToast} />
      <FolderDialogs
        accountId={account.id}
        command={folderCommand}
        runner={runner}
        onDone={closeFolderCommand}
        onFolderGone={(gone, renamedTo) => {
          if (gone === path) showFolder(renamedTo ?? 'INBOX');
        }}
      />
      {tagging !== null && (
        <TextDialog
          title="Add a tag"
          label="Tag (one word)"
          initial=""
          submitLabel="Add tag"
          onCancel={() => {
            setTagging(null);
          }}
          onSubmit={(tag) => {
            const target = tagging;
            setTagging(null);
            void runner.run(account.id, (mail) => mail.setFlags(target, [tag.trim()], []));
          }}
        />
      )}
      {confirmDelete !== null && (
        <ConfirmDialog
          title="Delete for good?"
          confirmLabel="Delete for good"
          onCancel={() => {
            setConfirmDelete(null);
          }}
          onConfirm={() => {
            const target = confirmDelete;
            setConfirmDelete(null);
            clearSelection();
            void runner.run(account.id, (mail) => mail.delete(target));
          }}
        >
          <p>{messagesLabel(confirmDelete.uids.length)} will be removed from the server for good. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
