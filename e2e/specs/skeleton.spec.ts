import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillAccountForm } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { createTestCa } from '../support/certs';
import { appendMessages, createUser, startDovecot, type DovecotServer, type TestUser } from '../support/dovecot';
import { generateMailbox, inlineImageMessage, makeMessage } from '../support/messages';

const screenshots = join(import.meta.dirname, '..', 'artifacts');
const figuresCsv = Buffer.from('quarter,revenue\nQ1,100\nQ2,120\n');
const onePixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Evaluated in the page: how many bodies the app's IndexedDB cache holds (plain JavaScript, no helpers). */
const COUNT_CACHED_BODIES = `new Promise((resolve, reject) => {
  const open = indexedDB.open('kestrel-mail');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const count = open.result.transaction('bodies').objectStore('bodies').count();
    count.onsuccess = () => { resolve(count.result); open.result.close(); };
    count.onerror = () => reject(count.error);
  };
})`;

let workDir: string;
let dovecot: DovecotServer;
let user: TestUser;
let caCertPath: string;
let tracker: Server;
let trackerHits = 0;

test.beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'kestrel-e2e-'));
  const ca = createTestCa(join(workDir, 'ca'));
  dovecot = await startDovecot({ ca, rootDir: workDir });
  user = await createUser(dovecot.info, 'e2e');

  tracker = createServer((_request, response) => {
    trackerHits += 1;
    response.end();
  });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  const trackerUrl = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}/pixel.png`;

  const base = { from: { name: 'Jürgen Weiß', address: 'juergen@kestrel.test' }, to: [{ name: 'Tester', address: user.email }] };
  await appendMessages(dovecot.info, user, 'INBOX', [
    inlineImageMessage(onePixelPng),
    ...generateMailbox(39, 3).map((message) => message.raw),
    makeMessage({
      ...base,
      subject: 'Grüße aus Köln',
      date: new Date(Date.now() - 3_600_000),
      text: 'Grüße aus Köln, café crème for everyone.',
      charset: 'iso-8859-1',
      transferEncoding: 'quoted-printable',
    }),
    makeMessage({
      ...base,
      subject: 'Kestrel quarterly figures',
      // A minute ahead: the newest message, whatever second the others' arrival dates fall in.
      date: new Date(Date.now() + 60_000),
      text: 'Revenue is up.',
      html: `<h1>Quarterly report</h1><p>Revenue is up.</p><img src="${trackerUrl}" alt="pixel"><script>document.title = 'pwned'</script>`,
      attachments: [{ filename: 'figures.csv', contentType: 'text/csv', content: figuresCsv }],
    }),
  ]);
  caCertPath = ca.caCertPath;
});

test.afterAll(async () => {
  await dovecot.dispose();
  await new Promise((resolve) => tracker.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

test('add an account, read mail, then read it again with the server gone', async ({ launchApp }) => {
  const { page, logs } = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });

  // A wrong password is explained on the form, and nothing is saved.
  await fillAccountForm(page, dovecot.info, user, 'wrong password');
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('alert')).toContainText('rejected the user name or password');
  await page.screenshot({ path: join(screenshots, 'first-run-error.png') });

  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Add account' }).click();

  const folders = page.getByRole('navigation', { name: 'Folders' });
  await expect(folders.getByRole('button', { name: /^Inbox/ })).toBeVisible();
  for (const name of ['Drafts', 'Sent', 'Archive', 'Junk', 'Trash']) await expect(folders.getByRole('button', { name, exact: true })).toBeVisible();
  await expect(folders.getByRole('button', { name: /^Inbox 42 unread$/ })).toBeVisible();

  const messages = page.getByRole('listbox', { name: 'Messages' });
  const newest = messages.getByRole('option').first();
  await expect(newest).toContainText('Kestrel quarterly figures');
  await expect(newest.getByRole('img', { name: 'Has attachments' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Up to date');

  // Sorted by sender, A to Z, through the index: then back to newest first.
  await page.getByLabel('Sort by').selectOption('sender');
  const senders = await messages.locator('.from').allTextContents();
  expect(senders.length).toBeGreaterThan(5);
  expect(senders).toEqual(
    [...senders].sort((a, b) => (a.toLocaleLowerCase() < b.toLocaleLowerCase() ? -1 : a.toLocaleLowerCase() > b.toLocaleLowerCase() ? 1 : 0)),
  );
  await page.getByLabel('Sort by').selectOption('date');
  await expect(newest).toContainText('Kestrel quarterly figures');

  // Keep the Inbox available offline: every body is fetched ahead of need.
  const keepOffline = folders.getByRole('button', { name: 'Keep Inbox available offline' });
  await keepOffline.click();
  await expect(keepOffline).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => page.evaluate<number>(COUNT_CACHED_BODIES), { timeout: 15_000 }).toBe(42);

  await messages.getByRole('option', { name: /Grüße aus Köln/ }).click();
  const reader = page.getByRole('article', { name: 'Message' });
  await expect(reader).toContainText('Grüße aus Köln, café crème for everyone.');
  await expect(reader).toContainText('Jürgen Weiß <juergen@kestrel.test>');

  await messages.getByRole('option', { name: /Kestrel quarterly figures/ }).click();
  const body = page.frameLocator('iframe[title="Message body"]');
  await expect(body.getByRole('heading', { name: 'Quarterly report' })).toBeVisible();
  await expect(reader.getByRole('note')).toContainText('Remote images are blocked');
  await reader.getByRole('button', { name: 'Save figures.csv' }).click();
  await expect(reader.getByRole('status')).toContainText('Saved figures.csv to');
  expect(readFileSync(join(workDir, 'data', 'downloads', 'figures.csv')).equals(figuresCsv)).toBe(true);
  await page.screenshot({ path: join(screenshots, 'mailbox.png') });
  expect(trackerHits).toBe(0);
  expect(await page.title()).toBe('Kestrel Mail');

  // Pictures the message carries itself show once asked for; remote ones stay blocked.
  await messages.getByRole('option', { name: /Our logo/ }).click();
  await reader.getByRole('button', { name: 'Show pictures' }).click();
  await expect(body.getByRole('img', { name: 'logo' })).toHaveAttribute('src', /^data:image\/png;base64,/);
  expect(trackerHits).toBe(0);

  // The server goes away; everything already cached still shows after a reload.
  await dovecot.stop();
  await page.reload();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Offline');
  await expect(messages.getByRole('option').first()).toContainText('Kestrel quarterly figures');
  await messages.getByRole('option', { name: /Grüße aus Köln/ }).click();
  await expect(reader).toContainText('Grüße aus Köln, café crème for everyone.');
  await messages.getByRole('option', { name: /Kestrel quarterly figures/ }).click();
  await expect(body.getByText('Revenue is up.')).toBeVisible();
  await page.screenshot({ path: join(screenshots, 'offline.png') });

  // A message never opened was prefetched, since the Inbox is kept offline.
  await messages.getByRole('option').nth(2).click();
  await expect(reader.getByRole('status')).toHaveCount(0);
  await expect(reader.getByRole('alert')).toHaveCount(0);

  expect(logs()).not.toContain(user.password);
});
