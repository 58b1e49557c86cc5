import { safeStorage } from 'electron';
import { FileSecretStore } from '../accounts/file-secret-store';
import { keychainProblem } from '../accounts/keychain-policy';

/**
 * Secrets encrypted with the OS keychain (Keychain, DPAPI, libsecret/kwallet) before they touch disk.
 * Without a usable keychain nothing is saved: the user sees why (keychainProblem), rather than a password
 * sealed with a key anyone can read.
 */
export function createKeychainSecretStore(path: string): FileSecretStore {
  return new FileSecretStore(path, {
    kind: 'keychain',
    problem: async () =>
      keychainProblem({
        platform: process.platform,
        encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable(),
        linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
      }),
    encode: async (plain) => (await safeStorage.encryptStringAsync(plain)).toString('base64'),
    decode: async (stored) => (await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))).result,
  });
}
