import { join } from 'node:path';
import { signIn } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { startSpecServer, stopSpecServer } from '../support/spec-server';
import { appendMessages, createUser, imapClientFor, type DovecotServer, type TestUser } from '../support/dovecot';
import { hourlyMessages } from '../support/messages';
import { waitFor } from '../support/wait';

const screenshots = join(import.meta.dirname, '..', 'artifacts');
const subjects = ['Oldest', 'Middle', 'Newest'];

let workDir: string;
let dovecot: DovecotServer;
let user: TestUser;
let caCertPath: string;

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('keys'));
  user = await createUser(dovecot.info, 'keys');
  await appendMessages(
    dovecot.info,
    user,
    'INBOX',
    hourlyMessages(
      { name: 'Alan Turing', address: 'alan@kestrel.test' },
      { name: 'Tester', address: user.email },
      subjects,
      (subject) => `${subject} message.`,
    ),
  );
});

test.afterAll(async () => {
  await stopSpecServer({ workDir, dovecot });
});

test('moves through the list, files a message and finds the shortcuts with the keyboard alone', async ({ launchApp }) => {
  const { page } = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });
  await signIn(page, dovecot.info, user);
  const messages = page.getByRole('listbox', { name: 'Messages' });
  const reader = page.getByRole('article', { name: 'Message' });
  await expect(messages.getByRole('option')).toHaveCount(3);

  await messages.getByRole('option').first().focus();
  await page.keyboard.press('Enter');
  await expect(reader).toContainText('Newest message.');
  await page.keyboard.press('j');
  await expect(reader).toContainText('Middle message.');
  await expect(messages.getByRole('option', { name: /Middle/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(reader).toContainText('Oldest message.');
  await page.keyboard.press('k');
  await expect(reader).toContainText('Middle message.');

  // v opens a folder picker that filters as you type; Enter takes the first match.
  await page.keyboard.press('v');
  const picker = page.getByRole('dialog', { name: 'Move to folder' });
  await picker.getByRole('textbox', { name: 'Folder' }).fill('arch');
  await expect(picker.getByRole('list', { name: 'Matching folders' }).getByRole('button')).toHaveText(['Archive']);
  await page.keyboard.press('Enter');
  await expect(messages.getByRole('option')).toHaveCount(2);
  await waitFor('the message in Archive on the server', async () => {
    const client = await imapClientFor(dovecot.info, user);
    try {
      const status = await client.status('Archive', { messages: true });
      return status !== false && status.messages === 1;
    } finally {
      await client.logout();
    }
  });

  // g i goes to the Inbox from anywhere; ? lists every shortcut.
  await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(messages.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(messages.getByRole('option')).toHaveCount(2);
  // Every action is in the context menu too: by right-click, or Shift+F10 on the focused row.
  const first = messages.getByRole('option').first();
  await first.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Message actions menu' }).getByRole('menuitem', { name: 'Star or unstar' }).click();
  await expect(first.getByLabel('Starred.')).toBeVisible();
  await first.focus();
  await page.keyboard.press('Shift+F10');
  await expect(page.getByRole('menuitem', { name: 'Open' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu', { name: 'Message actions menu' })).toHaveCount(0);

  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toContainText('Move to a folder');
  await page.screenshot({ path: join(screenshots, 'shortcut-sheet.png') });
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
});
