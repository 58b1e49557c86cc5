import { describe, expect, it } from 'vitest';
import { keychainProblem } from './keychain-policy';

describe('whether the keychain may keep a password', () => {
  it('accepts a real keychain on each platform', () => {
    expect(keychainProblem({ platform: 'darwin', encryptionAvailable: true, linuxBackend: null })).toBeNull();
    expect(keychainProblem({ platform: 'win32', encryptionAvailable: true, linuxBackend: null })).toBeNull();
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(keychainProblem({ platform: 'linux', encryptionAvailable: true, linuxBackend: backend })).toBeNull();
    }
  });

  it("refuses Linux's basic_text store, whose key is the same everywhere, even though encryption reports available", () => {
    const problem = keychainProblem({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' });
    expect(problem?.code).toBe('STORAGE_FAILED');
    expect(problem?.message).toMatch(/GNOME Keyring or KWallet/);
    expect(problem?.message).toMatch(/has not saved it/);
  });

  it('refuses when encryption is not available', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const problem = keychainProblem({ platform, encryptionAvailable: false, linuxBackend: platform === 'linux' ? 'gnome_libsecret' : null });
      expect(problem?.code).toBe('STORAGE_FAILED');
      expect(problem?.message).toMatch(/keychain is not available/);
    }
  });
});
