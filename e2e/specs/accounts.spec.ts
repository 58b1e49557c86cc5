import { join } from 'node:path';
import { fillAccountForm } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { startSpecServer, stopSpecServer } from '../support/spec-server';
import { appendMessages, createUser, imapClientFor, type DovecotServer, type TestUser } from '../support/dovecot';
import { makeMessage } from '../support/messages';
import { waitFor } from '../support/wait';

const screenshots = join(import.meta.dirname, '..', 'artifacts');

let workDir: string;
let dovecot: DovecotServer;
let work: TestUser;
let home: TestUser;
let caCertPath: string;

async function subjectsIn(user: TestUser, path: string): Promise<string[]> {
  const client = await imapClientFor(dovecot.info, user);
  try {
    await client.mailboxOpen(path, { readOnly: true });
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    const subjects: string[] = [];
    for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
    return subjects.sort();
  } finally {
    await client.logout();
  }
}

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('accounts'));
  work = await createUser(dovecot.info, 'work');
  home = await createUser(dovecot.info, 'home');
  const mail = (user: TestUser, subject: string, hoursAgo: number) =>
    makeMessage({
      from: { name: 'Grace Hopper', address: 'grace@kestrel.test' },
      to: [{ name: 'Tester', address: user.email }],
      subject,
      date: new Date(Date.now() - hoursAgo * 3_600_000),
      text: subject,
    });
  await appendMessages(dovecot.info, work, 'INBOX', [mail(work, 'Work: sprint plan', 5), mail(work, 'Work: offsite', 3)]);
  await appendMessages(dovecot.info, home, 'INBOX', [mail(home, 'Home: plumber', 4), mail(home, 'Home: holiday photos', 1)]);
});

test.afterAll(async () => {
  await stopSpecServer({ workDir, dovecot });
});

test('two accounts side by side, one Inbox for both, mail moved between them, and an account removed', async ({ launchApp }) => {
  const { page } = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });
  await fillAccountForm(page, dovecot.info, work);
  await page.getByRole('button', { name: 'Add account' }).click();
  const folders = page.getByRole('navigation', { name: 'Folders' });
  await expect(folders.getByRole('button', { name: /^Inbox 2 unread$/ })).toBeVisible();

  await folders.getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add another account' });
  await fillAccountForm(page, dovecot.info, home);
  await dialog.getByRole('button', { name: 'Add account' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(folders.getByRole('region', { name: home.email })).toBeVisible();

  // The unified Inbox: both accounts' mail, newest first.
  await folders.getByRole('button', { name: /^All Inboxes 4 unread$/ }).click();
  const messages = page.getByRole('listbox', { name: 'Messages' });
  await expect(messages.getByRole('option')).toHaveCount(4);
  await expect(messages.getByRole('option').first()).toContainText('Home: holiday photos');
  await expect(messages.getByRole('option').nth(1)).toContainText('Work: offsite');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(screenshots, 'unified-inbox-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(screenshots, 'unified-inbox-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // Dragged from the work account onto the home account's Archive: it moves between accounts.
  const homeFolders = folders.getByRole('region', { name: home.email });
  await messages.getByRole('option', { name: /Work: offsite/ }).dragTo(homeFolders.getByRole('button', { name: 'Archive', exact: true }));
  await waitFor('the message in the other account on the server', async () => (await subjectsIn(home, 'Archive')).includes('Work: offsite'));
  await waitFor('the message gone from where it was', async () => !(await subjectsIn(work, 'INBOX')).includes('Work: offsite'));
  await expect(messages.getByRole('option')).toHaveCount(3);

  // Its settings change from the sidebar; a new port is tried with a login before it is kept.
  await folders.getByRole('button', { name: `Settings for ${home.email}` }).click();
  const settings = page.getByRole('dialog', { name: `Settings for ${home.email}` });
  await settings.getByLabel('Your name').fill('Home, renamed');
  await settings.getByLabel('Port').fill('1');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings.getByRole('alert')).toBeVisible();
  await settings.getByLabel('Port').fill(String(dovecot.info.tlsPort));
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toHaveCount(0);
  await folders.getByRole('button', { name: `Settings for ${home.email}` }).click();
  await expect(settings.getByLabel('Your name')).toHaveValue('Home, renamed');
  await settings.getByRole('button', { name: 'Cancel' }).click();

  // Removing an account forgets it here; its mail stays on the server.
  await folders.getByRole('button', { name: `Remove account ${home.email}` }).click();
  await page
    .getByRole('alertdialog', { name: `Remove ${home.email}?` })
    .getByRole('button', { name: 'Remove account' })
    .click();
  await expect(folders.getByRole('region', { name: home.email })).toHaveCount(0);
  await expect(folders.getByRole('button', { name: /^All Inboxes/ })).toHaveCount(0);
  await expect(messages.getByRole('option')).toHaveCount(1);
  expect(await subjectsIn(home, 'INBOX')).toEqual(['Home: holiday photos', 'Home: plumber']);
});
