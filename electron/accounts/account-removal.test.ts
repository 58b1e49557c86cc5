import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountService } from './account-service';
import { AccountStore } from './account-store';
import { FileSecretStore } from './file-secret-store';
import { providerWith } from './oauth2/providers';

describe('removing an OAuth2 account', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('leaves no tokens behind, even when a token refresh was still running', async () => {
    // A token endpoint that answers only when told to: the refresh is still under way when the account goes.
    const answers: Array<() => void> = [];
    const endpoint: Server = createServer((_request, response) => {
      answers.push(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ access_token: 'fresh-access', expires_in: 3600, refresh_token: 'fresh-refresh' }));
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => endpoint.close());
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-removal-'));
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const secretsPath = join(dir, 'secrets.json');
    const store = new AccountStore(join(dir, 'accounts.json'));
    const secrets = new FileSecretStore(secretsPath);
    const google = providerWith('google', {
      clientId: 'id',
      tokenEndpoint: `http://127.0.0.1:${String((endpoint.address() as AddressInfo).port)}/token`,
    });
    const accounts = new AccountService(store, secrets, { providers: { google } });
    const id = 'acct-1';
    await store.add({
      id,
      displayName: 'Ada',
      email: 'ada@gmail.com',
      host: 'imap.gmail.com',
      port: 993,
      security: 'tls',
      username: 'ada@gmail.com',
      offlineFolders: [],
      auth: { kind: 'oauth2', provider: 'google' },
    });
    await secrets.set(id, JSON.stringify({ accessToken: 'old', refreshToken: 'old-refresh', expiresAt: Date.now() }));

    // A connection needs the token, which is about to expire: the refresh goes out.
    const refreshed = (await accounts.connectionSettings(id)).accessToken?.current().catch(() => null);
    while (answers.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // The user removes the account meanwhile; the provider answers once the account is gone from the list.
    const removal = accounts.remove(id);
    while ((await accounts.list()).length > 0) await new Promise((resolve) => setImmediate(resolve));
    answers.shift()?.();
    await Promise.all([removal, refreshed]);
    expect(JSON.parse(readFileSync(secretsPath, 'utf8'))).toEqual({});
    expect(await accounts.list()).toEqual([]);
  });
});
