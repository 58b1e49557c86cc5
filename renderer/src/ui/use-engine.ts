import { useCallback, useEffect, useState } from 'react';
import type { AccountStatus, KestrelApi } from '../../../shared/ipc/contract';
import type { MailCache } from '../cache/db';
import { serveCacheRequest } from '../cache/serve';
import { CacheWriter } from '../cache/writer';

export interface EngineSession {
  statuses: Readonly<Record<string, AccountStatus>>;
  /** Null until main has answered once; stays null when main cannot be reached. */
  knownAccountIds: readonly string[] | null;
  sync(accountId: string): void;
}

/**
 * Connects this window to the engine: answers its cache requests with the writer, follows its status
 * events, and starts a sync of every account main knows.
 */
export function useEngine(api: KestrelApi, db: MailCache): EngineSession {
  const [statuses, setStatuses] = useState<Record<string, AccountStatus>>({});
  const [knownAccountIds, setKnownAccountIds] = useState<readonly string[] | null>(null);

  const sync = useCallback(
    (accountId: string) => {
      // The outcome arrives as status events and cache writes; the result adds nothing to show here.
      void api.invoke('sync.account', { accountId });
    },
    [api],
  );

  useEffect(() => {
    const writer = new CacheWriter(db);
    const stopServing = api.serveCache((request) => serveCacheRequest(writer, request));
    const stopListening = api.onEvent((event) => {
      if (event.type === 'status') setStatuses((current) => ({ ...current, [event.status.accountId]: event.status }));
    });
    let cancelled = false;
    void api.invoke('accounts.list', {}).then((result) => {
      if (cancelled || !result.ok) return;
      setKnownAccountIds(result.value.map((account) => account.id));
      for (const account of result.value) sync(account.id);
    });
    // The system says the network is back: no need to wait for the next retry.
    const online = (): void => {
      void api.invoke('accounts.list', {}).then((result) => {
        if (result.ok) for (const account of result.value) sync(account.id);
      });
    };
    window.addEventListener('online', online);
    return () => {
      cancelled = true;
      stopServing();
      stopListening();
      window.removeEventListener('online', online);
    };
  }, [api, db, sync]);

  return { statuses, knownAccountIds, sync };
}
