import { z } from 'zod';
import { accountSummarySchema, type AccountSummary } from '../../shared/domain/account';
import { readFileIfExists, writeFileAtomic } from './atomic-file';

const accountsFileSchema = z.object({ version: z.literal(1), accounts: z.array(accountSummarySchema) });

/** Account settings (no secrets) in a JSON file in the app's data folder. */
export class AccountStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  async list(): Promise<AccountSummary[]> {
    const raw = await readFileIfExists(this.path);
    return raw === null ? [] : accountsFileSchema.parse(JSON.parse(raw.toString('utf8'))).accounts;
  }

  async get(accountId: string): Promise<AccountSummary | null> {
    return (await this.list()).find((account) => account.id === accountId) ?? null;
  }

  add(account: AccountSummary): Promise<void> {
    return this.update((accounts) => [...accounts.filter((a) => a.id !== account.id), account]);
  }

  remove(accountId: string): Promise<void> {
    return this.update((accounts) => accounts.filter((a) => a.id !== accountId));
  }

  private update(change: (accounts: AccountSummary[]) => AccountSummary[]): Promise<void> {
    const next = this.queue.then(async () => {
      const file = { version: 1 as const, accounts: change(await this.list()) };
      await writeFileAtomic(this.path, JSON.stringify(file, null, 2), 0o600);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
