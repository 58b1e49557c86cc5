import { join } from 'node:path';
import { signIn } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { startSpecServer, stopSpecServer } from '../support/spec-server';
import { appendMessages, createUser, type DovecotServer, type TestUser } from '../support/dovecot';
import { makeMessage } from '../support/messages';

const screenshots = join(import.meta.dirname, '..', 'artifacts');

let workDir: string;
let dovecot: DovecotServer;
let user: TestUser;
let caCertPath: string;

const mail = (subject: string, text: string, hoursAgo: number) =>
  makeMessage({
    from: { name: 'Ada Lovelace', address: 'ada@kestrel.test' },
    to: [{ name: 'Tester', address: 'tester@kestrel.test' }],
    subject,
    date: new Date(Date.now() - hoursAgo * 3_600_000),
    text,
  });

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('search'));
  user = await createUser(dovecot.info, 'search');
  await appendMessages(dovecot.info, user, 'INBOX', [
    mail('Invoice 1001', 'Please pay by Friday.', 5),
    mail('Lunch plans', `${'Some words first. '.repeat(40)}The invoice for lunch is attached later.`, 4),
    mail('Holiday photos', 'From the beach.', 3),
  ]);
  await appendMessages(dovecot.info, user, 'Archive', [mail('Old invoice 900', 'Paid long ago.', 100)]);
});

test.afterAll(async () => {
  await stopSpecServer({ workDir, dovecot });
});

test('search answers from the cache at once, completes from the server, and says which is which', async ({ launchApp }) => {
  const { page } = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });
  await signIn(page, dovecot.info, user);
  await expect(page.getByRole('listbox', { name: 'Messages' }).getByRole('option')).toHaveCount(3);

  // / focuses the search; a prefix finds as you type, marked in the list.
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search mail' })).toBeFocused();
  await page.keyboard.type('inv');
  const results = page.getByRole('list', { name: 'Messages found' });
  await expect(results.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('status').filter({ hasText: /^2 results \(1 from the server\)$/ })).toBeVisible();
  await expect(results.getByRole('listitem').filter({ hasText: 'Lunch plans' })).toContainText('from the server');
  await expect(results.locator('mark').first()).toHaveText('Invoice');
  await page.screenshot({ path: join(screenshots, 'search-results.png') });

  // All folders, an operator, and a malformed query that gets a hint.
  await page.getByRole('combobox', { name: 'Search in' }).selectOption('all');
  await expect(results.getByRole('listitem')).toHaveCount(3);
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('invoice in:Archive');
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('before:soon');
  await expect(page.getByRole('alert')).toContainText('year-month-day');
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('holiday');
  await results.getByRole('button', { name: /Holiday photos/ }).click();
  await expect(page.getByRole('article', { name: 'Message' }).locator('mark').first()).toHaveText('Holiday');
  await page.getByRole('searchbox', { name: 'Search mail' }).press('Escape');
  await expect(page.getByRole('listbox', { name: 'Messages' })).toBeVisible();
});
