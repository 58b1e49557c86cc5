import { chromium, type BrowserContext } from '@playwright/test';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fillAccountForm } from '../support/account-form';
import { expect, target, test } from '../support/app-fixture';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { appendMessages, createUser, type DovecotServer, type TestUser } from '../support/dovecot';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { makeMessage } from '../support/messages';
import { canaryPassword, filesUnder, findInText, findInTree } from '../support/secret-scan';
import { startSpecServer, stopSpecServer } from '../support/spec-server';

// The check needs the window's storage on disk: a persistent Chromium profile, which the browser target
// gives this spec itself. (Under Electron the profile lives in the app's data folder.)
test.skip(target === 'electron', 'Scans a Chromium profile of its own: runs with the browser target.');

const SUBJECT = 'Canary ledger for the secrets check';
const BODY = 'Canary body text that the cache keeps on disk.';

let workDir: string;
let dovecot: DovecotServer;
let caCertPath: string;
let user: TestUser;
let host: HostProcess | null = null;
let context: BrowserContext | null = null;

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('secrets'));
  user = await createUser(dovecot.info, 'canary', canaryPassword());
  await appendMessages(dovecot.info, user, 'INBOX', [
    makeMessage({
      from: { name: 'Grace Hopper', address: 'grace@kestrel.test' },
      to: [{ name: 'Tester', address: user.email }],
      subject: SUBJECT,
      date: new Date(),
      text: BODY,
    }),
  ]);
});

test.afterAll(async () => {
  await context?.close();
  await host?.stop();
  await stopSpecServer({ workDir, dovecot });
});

test('the password is in the one file meant for it, and nowhere in the browser profile, the cache, the data folder or the log', async () => {
  const dataDir = join(workDir, 'data');
  const profileDir = join(workDir, 'profile');
  host = await startHostProcess({ dataDir, caCertPath, env: { KESTREL_LOG_LEVEL: 'debug' } });
  context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(host.url);

  // Before the password is typed, the form says where it will be kept; once signed in, the status bar keeps saying it.
  const form = page.getByRole('form', { name: 'Add your mail account' });
  await expect(form.getByText('without keychain encryption')).toBeVisible();
  await fillAccountForm(page, dovecot.info, user);
  await page.getByRole('button', { name: 'Add account' }).click();
  const messages = page.getByRole('listbox', { name: 'Messages' });
  await messages.getByRole('option', { name: new RegExp(SUBJECT) }).click();
  await expect(page.getByRole('article', { name: 'Message' })).toContainText(BODY);
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('without keychain encryption');
  // A reload starts from the cache and the host's saved password, as every later start does.
  await page.reload();
  await expect(messages.getByRole('option', { name: new RegExp(SUBJECT) })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Up to date');

  // Closing writes the profile out (IndexedDB, Local Storage, caches); only then is it all on disk to read.
  await context.close();
  context = null;
  const logs = host.logs();
  await host.stop();
  host = null;

  const secretsFile = join(dataDir, 'secrets.json');
  expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
  expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  expect(findInText('secrets.json', readFileSync(secretsFile, 'utf8'), user.password)).not.toEqual([]);

  const profile = findInTree(profileDir, user.password);
  const data = findInTree(dataDir, user.password, new Set([secretsFile]));
  expect([...profile.findings, ...data.findings, ...findInText('host log', logs, user.password)]).toEqual([]);

  // The scans read real data: the synced mail is in the profile's IndexedDB, the account in the data folder, and the log has lines.
  const indexedDbFiles = filesUnder(profileDir).filter((file) => file.includes('IndexedDB'));
  expect(indexedDbFiles.some((file) => readFileSync(file).includes(SUBJECT))).toBe(true);
  expect(readFileSync(join(dataDir, 'accounts.json'), 'utf8')).toContain(user.email);
  expect(logs).toContain('account.added');
});

test('a password file found readable by others is made private, and the status bar says to change the password', async ({ launchApp }) => {
  const other = await createUser(dovecot.info, 'loose', canaryPassword());
  const dataDir = join(workDir, 'loose-data');
  const app = await launchApp({ dataDir, caCertPath });
  await fillAccountForm(app.page, dovecot.info, other);
  await app.page.getByRole('button', { name: 'Add account' }).click();
  const status = app.page.getByRole('status', { name: 'Sync status' });
  await expect(status).toContainText('Up to date');
  await expect(status).not.toContainText('could be read by other users');

  // As an older version, a copied backup or a careless chmod might leave it.
  const secretsFile = join(dataDir, 'secrets.json');
  chmodSync(secretsFile, 0o644);
  const page = await app.restart();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(
    'could be read by other users of this computer; Kestrel has made it private',
  );
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Up to date');
  expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
  expect(app.logs()).toContain('secrets.permissions_fixed');
});
