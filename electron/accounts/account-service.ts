import { randomUUID } from 'node:crypto';
import type { AccountDraft, AccountSummary } from '../../shared/domain/account';
import type { CertificateFingerprint } from '../../shared/domain/certificate';
import type { SecretStorage } from '../../shared/domain/secret-storage';
import { AppFailure } from '../../shared/ipc/result';
import { connectImap, disconnectImap, type ConnectionSettings } from '../imap/connect';
import { log } from '../log';
import type { AccountStore } from './account-store';
import type { SecretStore } from './secret-store';

/** Adds accounts only once the server has accepted the login, and hands out connection settings. */
export class AccountService {
  constructor(
    private readonly store: AccountStore,
    private readonly secrets: SecretStore,
  ) {}

  list(): Promise<AccountSummary[]> {
    return this.store.list();
  }

  /** Where passwords are kept, for the UI to say before one is typed. */
  secretStorage(): Promise<SecretStorage> {
    return this.secrets.storage();
  }

  async add(draft: AccountDraft): Promise<AccountSummary> {
    const client = await connectImap(draft);
    await disconnectImap(client);
    const account: AccountSummary = {
      id: randomUUID(),
      displayName: draft.displayName,
      email: draft.email,
      host: draft.host,
      port: draft.port,
      security: draft.security,
      // The opt-in only where plain text was chosen, the pin only where there is TLS to check it against.
      ...(draft.security === 'plain' ? { plaintextOptIn: true as const } : {}),
      ...(draft.trustedCertificate !== undefined && draft.security !== 'plain' ? { trustedCertificate: draft.trustedCertificate } : {}),
      username: draft.username,
      offlineFolders: [],
    };
    try {
      await this.secrets.set(account.id, draft.password);
      await this.store.add(account);
    } catch (error) {
      // Nothing half-saved: a secret without its account would never be cleaned up.
      await this.secrets.delete(account.id).catch(() => undefined);
      // The secret store's own reason (no usable keychain, an unsafe password file) says what to do.
      if (error instanceof AppFailure) throw error;
      log.error('account.save_failed', { accountId: account.id, reason: error instanceof Error ? error.message : 'unknown' });
      throw new AppFailure({
        code: 'STORAGE_FAILED',
        message: 'The account could not be saved on this computer. Check free disk space and try again.',
      });
    }
    log.info('account.added', { accountId: account.id });
    return account;
  }

  /** A new password, kept only once the server has accepted it. */
  async updatePassword(accountId: string, password: string): Promise<void> {
    const account = await this.store.get(accountId);
    if (account === null) throw new AppFailure({ code: 'NOT_FOUND', message: 'This account no longer exists. Add it again.' });
    const client = await connectImap({ ...account, password });
    await disconnectImap(client);
    await this.secrets.set(accountId, password);
    log.info('account.password_updated', { accountId });
  }

  /**
   * Pins the certificate the user looked at and trusted for this account, once a connection with that pin
   * succeeded: the server must really present it. It replaces an earlier pin, so a certificate the server
   * no longer uses is not trusted any more.
   */
  async trustCertificate(accountId: string, fingerprint: CertificateFingerprint): Promise<void> {
    const settings = await this.connectionSettings(accountId);
    const client = await connectImap({ ...settings, trustedCertificate: fingerprint });
    await disconnectImap(client);
    await this.store.add({ ...settings.account, trustedCertificate: fingerprint });
    log.info('account.certificate_trusted', { accountId, fingerprint });
  }

  /** Forgets the account and its password; mail on the server is untouched. */
  async remove(accountId: string): Promise<void> {
    await this.store.remove(accountId);
    await this.secrets.delete(accountId);
    log.info('account.removed', { accountId });
  }

  /** Adds or removes one folder from the account's offline folders. */
  async setKeepOffline(accountId: string, path: string, keepOffline: boolean): Promise<void> {
    const account = await this.store.get(accountId);
    if (account === null) throw new AppFailure({ code: 'NOT_FOUND', message: 'This account no longer exists. Add it again.' });
    const others = account.offlineFolders.filter((folder) => folder !== path);
    await this.store.add({ ...account, offlineFolders: keepOffline ? [...others, path] : others });
  }

  async connectionSettings(accountId: string): Promise<ConnectionSettings & { account: AccountSummary }> {
    const account = await this.store.get(accountId);
    if (account === null) throw new AppFailure({ code: 'NOT_FOUND', message: 'This account no longer exists. Add it again.' });
    const password = await this.secrets.get(accountId);
    if (password === null) {
      throw new AppFailure({ code: 'AUTH_FAILED', message: 'The password for this account is missing. Enter it again in the account settings.' });
    }
    return { ...account, password, account };
  }
}
