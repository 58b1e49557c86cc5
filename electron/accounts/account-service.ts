import { randomUUID } from 'node:crypto';
import {
  accountAuthOf,
  type AccountDraft,
  type AccountEdit,
  type AccountSummary,
  type OAuthAccountDraft,
  type OAuthProviderId,
} from '../../shared/domain/account';
import type { CertificateFingerprint } from '../../shared/domain/certificate';
import type { SecretStorage } from '../../shared/domain/secret-storage';
import { AppFailure } from '../../shared/ipc/result';
import { connectImap, disconnectImap, type ConnectionSettings, type ServerSettings } from '../imap/connect';
import { log } from '../log';
import type { AccountStore } from './account-store';
import type { OAuthProvider, OAuthProviders } from './oauth2/providers';
import { PendingSignIns } from './oauth2/pending-sign-ins';
import { OAuthTokenKeeper, serializeTokens } from './oauth2/token-source';
import type { SecretStore } from './secret-store';

export interface OAuthSettings {
  providers: OAuthProviders;
  /** How long a sign-in waits for the browser (default five minutes). */
  signInTimeoutMs?: number;
}

/** An OAuth2 token goes to its provider's own IMAP server over TLS, and nowhere else. */
function refuseOtherServer(provider: OAuthProvider, settings: { host: string; security: string }): void {
  if (settings.host.trim().toLowerCase() === provider.imapHost.toLowerCase() && settings.security === 'tls') return;
  throw new AppFailure({
    code: 'BAD_INPUT',
    field: 'host',
    message: `Signing in with ${provider.label} works only with its own server, ${provider.imapHost}, over TLS: a sign-in grants the whole mailbox, so it is never sent to another server.`,
  });
}

/** Adds accounts only once the server has accepted the login, and hands out connection settings. */
export class AccountService {
  private readonly tokens: OAuthTokenKeeper;
  private readonly signIns: PendingSignIns;

  constructor(
    private readonly store: AccountStore,
    private readonly secrets: SecretStore,
    private readonly oauth: OAuthSettings = { providers: {} },
  ) {
    this.tokens = new OAuthTokenKeeper(secrets);
    this.signIns = new PendingSignIns(oauth.signInTimeoutMs);
  }

  /** The providers this build can sign in to (those with a client id configured). */
  oauthProviders(): OAuthProviderId[] {
    return Object.values(this.oauth.providers).map((provider) => provider.id);
  }

  /**
   * Starts an OAuth2 sign-in: a loopback listener waits for the browser, which the caller sends to
   * `authorizationUrl`. The tokens stay here; `addWithOAuth` finishes the sign-in and saves the account.
   */
  beginOAuthSignIn(providerId: OAuthProviderId, loginHint?: string): Promise<{ signInId: string; authorizationUrl: string }> {
    return this.signIns.begin(this.providerFor(providerId), loginHint);
  }

  cancelOAuthSignIn(signInId: string): void {
    this.signIns.cancel(signInId);
  }

  /** Waits for the browser to finish the sign-in, logs in to IMAP with the token, and saves the account. */
  async addWithOAuth(draft: OAuthAccountDraft): Promise<AccountSummary> {
    const { signInId, ...settings } = draft;
    // Checked before the browser sign-in is waited for, so that nobody signs in for nothing. A sign-in
    // this does not know, finish() refuses.
    const pending = this.signIns.providerOf(signInId);
    try {
      if (pending !== null) refuseOtherServer(pending, settings);
    } catch (error) {
      this.signIns.cancel(signInId);
      throw error;
    }
    const { provider, tokens } = await this.signIns.finish(signInId);
    await this.checkLogin(settings, tokens.accessToken);
    return this.save({ ...settings, auth: { kind: 'oauth2', provider: provider.id } }, serializeTokens(tokens));
  }

  /** The provider refused to refresh (SIGN_IN_AGAIN): a new browser sign-in replaces the account's tokens. */
  async renewOAuthSignIn(accountId: string, signInId: string): Promise<void> {
    const account = await this.store.get(accountId);
    if (account === null) throw new AppFailure({ code: 'NOT_FOUND', message: 'This account no longer exists. Add it again.' });
    const auth = accountAuthOf(account);
    if (auth.kind !== 'oauth2' || this.signIns.providerOf(signInId)?.id !== auth.provider) {
      this.signIns.cancel(signInId);
      throw new AppFailure({ code: 'BAD_INPUT', message: 'This account does not sign in with that provider.' });
    }
    const { tokens } = await this.signIns.finish(signInId);
    await this.checkLogin(account, tokens.accessToken);
    await this.secrets.set(accountId, serializeTokens(tokens));
    await this.dropSecretIfRemoved(accountId);
    log.info('oauth.signed_in_again', { accountId, provider: auth.provider });
  }

  /** The account was removed while its new secret was being checked: the secret goes with it. */
  private async dropSecretIfRemoved(accountId: string): Promise<void> {
    if ((await this.store.get(accountId)) !== null) return;
    await this.secrets.delete(accountId);
    throw new AppFailure({ code: 'NOT_FOUND', message: 'This account was removed meanwhile. Add it again.' });
  }

  /** A login with the fresh token, before anything is kept: the user name may not be the token's. */
  private async checkLogin(settings: ServerSettings, accessToken: string): Promise<void> {
    const client = await connectImap({
      host: settings.host,
      port: settings.port,
      security: settings.security,
      plaintextOptIn: settings.plaintextOptIn,
      trustedCertificate: settings.trustedCertificate,
      username: settings.username,
      accessToken: {
        current: () => Promise.resolve(accessToken),
        renew: () =>
          Promise.reject(
            new AppFailure({
              code: 'AUTH_FAILED',
              field: 'username',
              message: `${settings.host} did not accept the sign-in for ${settings.username}. Check the user name (usually the full email address).`,
            }),
          ),
      },
    });
    await disconnectImap(client);
  }

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
    const { password, ...settings } = draft;
    return this.save(settings, password);
  }

  private async save(settings: Omit<AccountSummary, 'id' | 'offlineFolders'>, secret: string): Promise<AccountSummary> {
    const account: AccountSummary = {
      id: randomUUID(),
      displayName: settings.displayName,
      email: settings.email,
      host: settings.host,
      port: settings.port,
      security: settings.security,
      // The opt-in only where plain text was chosen, the pin only where there is TLS to check it against.
      ...(settings.security === 'plain' ? { plaintextOptIn: true as const } : {}),
      ...(settings.trustedCertificate !== undefined && settings.security !== 'plain' ? { trustedCertificate: settings.trustedCertificate } : {}),
      username: settings.username,
      offlineFolders: [],
      ...(settings.auth === undefined ? {} : { auth: settings.auth }),
    };
    try {
      await this.secrets.set(account.id, secret);
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
    log.info('account.added', { accountId: account.id, signIn: accountAuthOf(account).kind });
    return account;
  }

  /**
   * New settings for an account. Whatever decides where and how it connects (server, port, security, user
   * name) is checked with a login first; a pinned certificate stays only while the server is the same.
   * Returns the account as saved, and whether its connections must reopen.
   */
  async update(edit: AccountEdit): Promise<{ account: AccountSummary; reconnect: boolean }> {
    const settings = await this.connectionSettings(edit.accountId);
    const current = settings.account;
    const auth = accountAuthOf(current);
    if (auth.kind === 'oauth2') refuseOtherServer(this.providerFor(auth.provider), edit);
    const reconnect =
      edit.host !== current.host || edit.port !== current.port || edit.security !== current.security || edit.username !== current.username;
    const sameServer = edit.host === current.host && edit.port === current.port;
    const { trustedCertificate: _pin, plaintextOptIn: _optIn, ...unchanged } = current;
    const account: AccountSummary = {
      ...unchanged,
      displayName: edit.displayName,
      email: edit.email,
      host: edit.host,
      port: edit.port,
      security: edit.security,
      username: edit.username,
      ...(edit.security === 'plain' ? { plaintextOptIn: true as const } : {}),
      ...(sameServer && edit.security !== 'plain' && current.trustedCertificate !== undefined
        ? { trustedCertificate: current.trustedCertificate }
        : {}),
    };
    if (reconnect) {
      const { account: _account, ...credentials } = settings;
      const client = await connectImap({ ...credentials, ...account });
      await disconnectImap(client);
    }
    await this.store.add(account);
    log.info('account.updated', { accountId: account.id, reconnect });
    return { account, reconnect };
  }

  /** A new password, kept only once the server has accepted it. */
  async updatePassword(accountId: string, password: string): Promise<void> {
    const account = await this.store.get(accountId);
    if (account === null) throw new AppFailure({ code: 'NOT_FOUND', message: 'This account no longer exists. Add it again.' });
    if (accountAuthOf(account).kind !== 'password') {
      throw new AppFailure({ code: 'BAD_INPUT', message: 'This account signs in through the browser and has no password. Sign in again instead.' });
    }
    const client = await connectImap({ ...account, password });
    await disconnectImap(client);
    await this.secrets.set(accountId, password);
    await this.dropSecretIfRemoved(accountId);
    log.info('account.password_updated', { accountId });
  }

  /**
   * Pins the certificate the user looked at and trusted for this account, once a connection with that pin
   * succeeded: the server must really present it. It replaces an earlier pin, so a certificate the server
   * no longer uses is not trusted any more.
   */
  async trustCertificate(accountId: string, fingerprint: CertificateFingerprint): Promise<void> {
    const settings = await this.connectionSettings(accountId);
    if (settings.account.security === 'plain') {
      throw new AppFailure({
        code: 'BAD_INPUT',
        message: 'This account connects without encryption: there is no certificate to trust. Choose TLS first.',
      });
    }
    // The pin only counts where the system does not trust the certificate, so a login alone proves nothing:
    // the server must present this very certificate now (not one an attacker showed on another network).
    const seen: { sha256: string | null } = { sha256: null };
    const client = await connectImap({ ...settings, trustedCertificate: fingerprint }, undefined, {
      onCertificate: (sha256) => {
        seen.sha256 = sha256;
      },
    });
    await disconnectImap(client);
    if (seen.sha256 !== fingerprint) {
      throw new AppFailure({
        code: 'BAD_INPUT',
        message: `${settings.account.host} does not present that certificate now, so it was not trusted. If the warning comes back, look at the certificate it shows then.`,
      });
    }
    await this.store.add({ ...settings.account, trustedCertificate: fingerprint });
    log.info('account.certificate_trusted', { accountId, fingerprint });
  }

  /** Forgets the account and its password; mail on the server is untouched. */
  async remove(accountId: string): Promise<void> {
    await this.store.remove(accountId);
    await this.tokens.forget(accountId);
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
    const auth = accountAuthOf(account);
    if (auth.kind === 'oauth2') return { ...account, accessToken: this.tokens.sourceFor(accountId, this.providerFor(auth.provider)), account };
    const password = await this.secrets.get(accountId);
    if (password === null) {
      throw new AppFailure({ code: 'AUTH_FAILED', message: 'The password for this account is missing. Enter it again in the account settings.' });
    }
    return { ...account, password, account };
  }

  private providerFor(id: OAuthProviderId): OAuthProvider {
    const provider = this.oauth.providers[id];
    if (provider === undefined) {
      throw new AppFailure({
        code: 'INTERNAL',
        message: `This copy of Kestrel has no sign-in set up for ${id === 'google' ? 'Google' : 'Microsoft'} (no client id configured).`,
      });
    }
    return provider;
  }
}
