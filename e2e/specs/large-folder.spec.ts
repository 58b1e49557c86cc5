import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillAccountForm } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { createTestCa } from '../support/certs';
import { createUser, importMessages, startDovecot, type DovecotServer, type TestUser } from '../support/dovecot';
import { generateMailbox } from '../support/messages';

const MESSAGES = 100_000;
const screenshots = join(import.meta.dirname, '..', 'artifacts');

let workDir: string;
let dovecot: DovecotServer;
let user: TestUser;
let caCertPath: string;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  workDir = mkdtempSync(join(tmpdir(), 'kestrel-e2e-large-'));
  const ca = createTestCa(join(workDir, 'ca'));
  caCertPath = ca.caCertPath;
  dovecot = await startDovecot({ ca, rootDir: workDir });
  user = await createUser(dovecot.info, 'large');
  for (let offset = 0; offset < MESSAGES; offset += 20_000) {
    await importMessages(
      dovecot.info,
      user,
      'INBOX',
      generateMailbox(20_000, 500 + offset).map((message) => message.raw),
    );
  }
});

test.afterAll(async () => {
  await dovecot.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

test('a folder of 100,000 messages scrolls to its oldest message, the list holding only what it shows', async ({ launchApp }) => {
  test.setTimeout(300_000);
  const { page } = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });
  await fillAccountForm(page, dovecot.info, user);
  await page.getByRole('button', { name: 'Add account' }).click();
  const messages = page.getByRole('listbox', { name: 'Messages' });
  await expect(messages.getByRole('option').first()).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Up to date', { timeout: 240_000 });

  // End goes to the bottom as a person would (the list is one scrolling element).
  await messages.evaluate((list) => {
    list.scrollTop = list.scrollHeight;
  });
  await expect.poll(() => messages.evaluate((list) => list.scrollTop + list.clientHeight >= list.scrollHeight - 2)).toBe(true);
  const rendered = await messages.getByRole('option').count();
  expect(rendered).toBeLessThan(100);
  const oldest = messages.getByRole('option').last();
  await oldest.click();
  await expect(page.getByRole('article', { name: 'Message' })).toBeVisible();
  await page.screenshot({ path: join(screenshots, 'large-folder-bottom.png') });
});
