import { useEffect, useState } from 'react';
import type { SecretStorage } from '../../../shared/domain/secret-storage';
import type { KestrelApi } from '../../../shared/ipc/contract';

/** Where main keeps passwords; null until it has answered (or while the host cannot be reached). */
export function useSecretStorage(api: KestrelApi): SecretStorage | null {
  const [storage, setStorage] = useState<SecretStorage | null>(null);
  useEffect(() => {
    let cancelled = false;
    void api.invoke('app.secretStorage', {}).then((result) => {
      if (!cancelled && result.ok) setStorage(result.value);
    });
    return () => {
      cancelled = true;
    };
  }, [api]);
  return storage;
}

/** The browser host always keeps passwords in a file: until it answers, the transport says as much. */
export function secretsInFile(storage: SecretStorage | null, browserMode: boolean): boolean {
  return storage === null ? browserMode : storage.kind === 'file';
}
