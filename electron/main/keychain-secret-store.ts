import { safeStorage } from 'electron';
import { FileSecretStore } from '../accounts/file-secret-store';

/** Secrets encrypted with the OS keychain (Keychain, DPAPI, libsecret/kwallet) before they touch disk. */
export function createKeychainSecretStore(path: string): FileSecretStore {
  return new FileSecretStore(
    path,
    async (plain) => (await safeStorage.encryptStringAsync(plain)).toString('base64'),
    async (stored) => (await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))).result,
  );
}
