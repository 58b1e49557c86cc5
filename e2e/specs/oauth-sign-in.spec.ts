import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../support/app-fixture';
import { createUser, startDovecot, type DovecotServer, type TestUser } from '../support/dovecot';
import { askAuthorizationServer, startOAuthTestServer, type OAuthTestServer } from '../support/oauth-server';
import { createTestCa, type TestCa } from '../support/certs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

let workDir: string;
let ca: TestCa;
let oauth: OAuthTestServer;
let dovecot: DovecotServer;
let user: TestUser;

test.beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'kestrel-e2e-oauth-'));
  ca = createTestCa(join(workDir, 'ca'));
  oauth = await startOAuthTestServer(ca);
  dovecot = await startDovecot({
    ca,
    rootDir: workDir,
    oauth2: { introspectionUrl: oauth.introspectionEndpoint, mechanisms: ['oauthbearer', 'xoauth2'] },
  });
  user = await createUser(dovecot.info, 'browser');
});

test.afterAll(async () => {
  await dovecot.dispose();
  await oauth.close();
  rmSync(workDir, { recursive: true, force: true });
});

test('Sign in with Google opens the provider in a new tab, and the account is added without a password', async ({ launchApp, context }) => {
  const dataDir = join(workDir, 'data');
  const { page, logs, restart } = await launchApp({
    dataDir,
    caCertPath: ca.caCertPath,
    env: {
      KESTREL_OAUTH_GOOGLE_CLIENT_ID: oauth.clientId,
      KESTREL_OAUTH_GOOGLE_AUTHORIZATION_URL: oauth.authorizationEndpoint,
      KESTREL_OAUTH_GOOGLE_TOKEN_URL: oauth.tokenEndpoint,
      KESTREL_OAUTH_GOOGLE_IMAP_HOST: dovecot.info.host,
    },
  });
  // This Chromium does not trust the test CA: the provider's page is fetched for it, and the browser
  // follows the provider's redirect to the app's loopback listener itself.
  await context.route(`${oauth.baseUrl}/**`, async (route) => {
    const answer = await askAuthorizationServer(route.request().url(), ca.caCertPath);
    await route.fulfill({ status: answer.status, headers: answer.location === null ? {} : { location: answer.location } });
  });
  oauth.signInAs(user.username);

  await page.getByLabel('Your name').fill('OAuth Tester');
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('IMAP server').fill(dovecot.info.host);
  await page.getByLabel('Port').fill(String(dovecot.info.tlsPort));
  await page.getByLabel('User name').fill(user.username);
  expect(await page.getByRole('button', { name: 'Sign in with Microsoft' }).count()).toBe(0);
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in with Google' }).click();
  const tab = await popup;
  await expect(tab.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await expect(tab.getByText('You can close this tab')).toBeVisible();
  await tab.close();

  const folders = page.getByRole('navigation', { name: 'Folders' });
  await expect(folders.getByRole('button', { name: /^Inbox/ })).toBeVisible();
  expect(oauth.authorizationRequests().at(-1)?.get('login_hint')).toBe(user.email);

  const outside = [logs(), readFileSync(join(dataDir, 'accounts.json'), 'utf8')].join('\n');
  const tokens = oauth.issuedTokens();
  expect(tokens.length).toBeGreaterThan(0);
  for (const token of tokens) expect(outside).not.toContain(token);

  // The provider refuses the refresh (say, the password was changed there): the account asks to sign in again.
  oauth.expireAccessTokens(user.username);
  oauth.revokeRefreshTokens(user.username);
  const again = await restart();
  // Only the hash (the new host's token) differs from the old URL, which navigates nowhere: load it anew.
  await again.reload();
  const status = again.getByRole('status', { name: 'Sync status' });
  await expect(status).toContainText('Sign in again');
  const secondTab = again.waitForEvent('popup');
  await status.getByRole('button', { name: 'Sign in to Google again' }).click();
  await expect((await secondTab).getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await expect(status).toContainText('Up to date');
  for (const token of oauth.issuedTokens()) expect(logs()).not.toContain(token);
});
