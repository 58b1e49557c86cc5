import { z } from 'zod';
import { JsonFile } from './json-file';
import type { SecretStore } from './secret-store';

/**
 * Secrets in a file only its owner may read (0600). Used where no OS keychain is reachable (the browser
 * host); the UI warns about it. The Electron app passes keychain encryption as encode/decode.
 */
export class FileSecretStore implements SecretStore {
  private readonly file: JsonFile<Record<string, string>>;

  constructor(
    path: string,
    private readonly encode: (plain: string) => Promise<string> = (plain) => Promise.resolve(plain),
    private readonly decode: (stored: string) => Promise<string> = (stored) => Promise.resolve(stored),
  ) {
    this.file = new JsonFile(path, z.record(z.string(), z.string()), () => ({}));
  }

  async get(accountId: string): Promise<string | null> {
    const stored = (await this.file.read())[accountId];
    return stored === undefined ? null : this.decode(stored);
  }

  async set(accountId: string, secret: string): Promise<void> {
    const stored = await this.encode(secret);
    await this.file.update((all) => ({ ...all, [accountId]: stored }));
  }

  delete(accountId: string): Promise<void> {
    return this.file.update((all) => Object.fromEntries(Object.entries(all).filter(([id]) => id !== accountId)));
  }
}
