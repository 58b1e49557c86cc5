import type { SecretStorage } from '../../shared/domain/secret-storage';

/** Where account passwords live. They never leave the main process once stored. */
export interface SecretStore {
  /** Where secrets go and whether they can be kept safely now; `set` refuses while there is a problem. */
  storage(): Promise<SecretStorage>;
  get(accountId: string): Promise<string | null>;
  set(accountId: string, secret: string): Promise<void>;
  delete(accountId: string): Promise<void>;
}
