import type { AppError } from '../../shared/ipc/result';

/** What Electron's safeStorage reports; read in the Electron shell, decided here where tests can reach it. */
export interface KeychainState {
  platform: NodeJS.Platform;
  encryptionAvailable: boolean;
  /** Linux only: the password store Chromium picked ('basic_text' means a key written in its own code). */
  linuxBackend: string | null;
}

/**
 * Why the keychain cannot protect a password, or null when it can. Kestrel refuses to save rather than
 * fall back to Chromium's `basic_text` store, whose key is the same on every computer: that would look
 * encrypted and protect nothing.
 */
export function keychainProblem({ platform, encryptionAvailable, linuxBackend }: KeychainState): AppError | null {
  if (platform === 'linux' && linuxBackend === 'basic_text') {
    return {
      code: 'STORAGE_FAILED',
      message:
        'No keychain service (GNOME Keyring or KWallet) is running, so Kestrel cannot keep your password safely and has not saved it. ' +
        'Install or unlock GNOME Keyring or KWallet, then restart Kestrel (or start it with --password-store=gnome-libsecret or --password-store=kwallet6).',
    };
  }
  if (!encryptionAvailable) {
    return {
      code: 'STORAGE_FAILED',
      message:
        "This computer's keychain is not available, so Kestrel cannot keep your password safely and has not saved it. " +
        'Unlock or set up the system keychain, then restart Kestrel.',
    };
  }
  return null;
}
