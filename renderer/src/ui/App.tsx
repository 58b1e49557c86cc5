import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { folderKey } from '../../../shared/domain/folder';
import type { KestrelApi } from '../../../shared/ipc/contract';
import type { MailCache } from '../cache/db';
import { hostConnection } from '../transport/host-connection';
import { AddAccountForm } from './AddAccountForm';
import { FolderList } from './FolderList';
import { MessageList } from './MessageList';
import { Reader } from './Reader';
import { StatusBar } from './StatusBar';
import { useEngine } from './use-engine';

interface Props {
  api: KestrelApi;
  db: MailCache;
  browserMode: boolean;
}

export function App({ api, db, browserMode }: Props) {
  const engine = useEngine(api, db);
  const hostConnected = useSyncExternalStore(hostConnection.subscribe, hostConnection.get);
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);
  const [path, setPath] = useState('INBOX');
  const [selectedUid, setSelectedUid] = useState<number | null>(null);
  const accountId = accounts?.[0]?.id;

  // Pushed changes follow the folder on screen; the answer adds nothing to show.
  useEffect(() => {
    if (accountId !== undefined) void api.invoke('sync.watchFolder', { accountId, path });
  }, [api, accountId, path]);

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

  return (
    <div className="app">
      <FolderList
        db={db}
        accountId={account.id}
        accountLabel={account.email}
        selectedPath={path}
        onSelect={(next) => {
          setPath(next);
          setSelectedUid(null);
        }}
        onKeepOffline={(folderPath, keepOffline) => {
          // The folder's new state arrives through the cache with the sync this starts.
          void api.invoke('folders.setKeepOffline', { accountId: account.id, path: folderPath, keepOffline });
        }}
      />
      <MessageList db={db} folderKey={folderKey(account.id, path)} selectedUid={selectedUid} onOpen={setSelectedUid} />
      {selectedUid === null ? (
        <section className="reader empty" aria-label="Message">
          <p>Select a message to read it.</p>
        </section>
      ) : (
        <Reader api={api} db={db} accountId={account.id} path={path} uid={selectedUid} />
      )}
      <StatusBar
        status={engine.statuses[account.id]}
        hostConnected={hostConnected}
        browserMode={browserMode}
        onRetry={() => {
          engine.sync(account.id);
        }}
      />
    </div>
  );
}
