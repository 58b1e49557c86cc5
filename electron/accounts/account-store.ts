import { z } from 'zod';
import { accountSummarySchema, type AccountSummary } from '../../shared/domain/account';
import { JsonFile } from './json-file';

const accountsFileSchema = z.object({ version: z.literal(1), accounts: z.array(accountSummarySchema) });

/** Account settings (no secrets) in a JSON file in the app's data folder. */
export class AccountStore {
  private readonly file: JsonFile<z.infer<typeof accountsFileSchema>>;

  constructor(path: string) {
    this.file = new JsonFile(path, accountsFileSchema, () => ({ version: 1, accounts: [] }));
  }

  async list(): Promise<AccountSummary[]> {
    return (await this.file.read()).accounts;
  }

  async get(accountId: string): Promise<AccountSummary | null> {
    return (await this.list()).find((account) => account.id === accountId) ?? null;
  }

  remove(accountId: string): Promise<void> {
    return this.file.update((current) => ({ ...current, accounts: current.accounts.filter((a) => a.id !== accountId) }));
  }

  add(account: AccountSummary): Promise<void> {
    return this.file.update((current) => ({ ...current, accounts: [...current.accounts.filter((a) => a.id !== account.id), account] }));
  }
}
