import { z } from 'zod';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import type { SecretStore } from './secret-store';

const secretsFileSchema = z.record(z.string(), z.string());

/**
 * Secrets in a file only its owner may read (0600). Used where no OS keychain is reachable (the browser
 * host); the UI warns about it. The Electron app uses the keychain-backed store instead.
 */
export class FileSecretStore implements SecretStore {
  /** Serializes read-modify-write cycles so that two saves never lose each other's entry. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly encode: (plain: string) => Promise<string> = (plain) => Promise.resolve(plain),
    private readonly decode: (stored: string) => Promise<string> = (stored) => Promise.resolve(stored),
  ) {}

  async get(accountId: string): Promise<string | null> {
    const stored = (await this.readAll())[accountId];
    return stored === undefined ? null : this.decode(stored);
  }

  async set(accountId: string, secret: string): Promise<void> {
    const stored = await this.encode(secret);
    await this.update((all) => ({ ...all, [accountId]: stored }));
  }

  delete(accountId: string): Promise<void> {
    return this.update((all) => Object.fromEntries(Object.entries(all).filter(([id]) => id !== accountId)));
  }

  private async readAll(): Promise<Record<string, string>> {
    const raw = await readFileIfExists(this.path);
    return raw === null ? {} : secretsFileSchema.parse(JSON.parse(raw.toString('utf8')));
  }

  private update(change: (all: Record<string, string>) => Record<string, string>): Promise<void> {
    const next = this.queue.then(async () => {
      await writeFileAtomic(this.path, JSON.stringify(change(await this.readAll())), 0o600);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
