import { join } from 'node:path';
import { signIn } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { startSpecServer, stopSpecServer } from '../support/spec-server';
import { createUser, importMessages, type DovecotServer, type TestUser } from '../support/dovecot';
import { generateMailbox } from '../support/messages';

const MESSAGES = 100_000;
const screenshots = join(import.meta.dirname, '..', 'artifacts');

let workDir: string;
let dovecot: DovecotServer;
let user: TestUser;
let caCertPath: string;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  ({ workDir, dovecot, caCertPath } = await startSpecServer('large'));
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
  await stopSpecServer({ workDir, dovecot });
});

test('a folder of 100,000 messages scrolls to its oldest message, the list holding only what it shows', async ({ launchApp }) => {
  test.setTimeout(300_000);
  const { page } = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });
  await signIn(page, dovecot.info, user);
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
