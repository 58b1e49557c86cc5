import { join } from 'node:path';
import { signIn } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { startSpecServer, stopSpecServer } from '../support/spec-server';
import { appendMessages, createUser, imapClientFor, type DovecotServer, type TestUser } from '../support/dovecot';
import { hourlyMessages } from '../support/messages';
import { waitFor } from '../support/wait';

const screenshots = join(import.meta.dirname, '..', 'artifacts');
const subjects = ['Budget review', 'Team lunch', 'Release notes', 'Travel plans'];

let workDir: string;
let dovecot: DovecotServer;
let user: TestUser;
let caCertPath: string;

/** What the server holds in a folder: subject and flags of each message. */
async function serverFolder(path: string): Promise<Array<{ subject: string; flags: string[] }>> {
  const client = await imapClientFor(dovecot.info, user);
  try {
    await client.mailboxOpen(path, { readOnly: true });
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    const found: Array<{ subject: string; flags: string[] }> = [];
    for await (const message of client.fetch('1:*', { envelope: true, flags: true })) {
      found.push({ subject: message.envelope?.subject ?? '', flags: [...(message.flags ?? [])] });
    }
    return found;
  } finally {
    await client.logout();
  }
}

async function serverFolderNames(): Promise<string[]> {
  const client = await imapClientFor(dovecot.info, user);
  try {
    return (await client.list()).map((folder) => folder.path);
  } finally {
    await client.logout();
  }
}

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('ops'));
  user = await createUser(dovecot.info, 'ops');
  await appendMessages(
    dovecot.info,
    user,
    'INBOX',
    hourlyMessages(
      { name: 'Ada Lovelace', address: 'ada@kestrel.test' },
      { name: 'Tester', address: user.email },
      subjects,
      (subject) => `About ${subject.toLowerCase()}.`,
    ),
  );
});

test.afterAll(async () => {
  await stopSpecServer({ workDir, dovecot });
});

test('star, archive and undo with the keyboard, move by drag and drop, and manage folders', async ({ launchApp }) => {
  const { page } = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });
  await signIn(page, dovecot.info, user);
  const folders = page.getByRole('navigation', { name: 'Folders' });
  const messages = page.getByRole('listbox', { name: 'Messages' });
  await expect(messages.getByRole('option')).toHaveCount(4);

  // Opening a message reads it; s stars it; both reach the server.
  const travel = messages.getByRole('option', { name: /Travel plans/ });
  await travel.click();
  await expect(page.getByRole('article', { name: 'Message' })).toContainText('About travel plans.');
  await travel.press('s');
  await expect(travel).toContainText('★');
  await waitFor('the star and the read flag on the server', async () => {
    const flags = (await serverFolder('INBOX')).find((message) => message.subject === 'Travel plans')?.flags ?? [];
    return flags.includes('\\Flagged') && flags.includes('\\Seen');
  });

  // Tags are IMAP keywords: added from the toolbar, shown in the list, removed from the reader.
  await page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Tag…' }).click();
  await page.getByRole('dialog', { name: 'Add a tag' }).getByLabel('Tag (one word)').fill('urgent');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await expect(travel.getByLabel('Tags')).toContainText('urgent');
  await waitFor('the keyword on the server', async () =>
    ((await serverFolder('INBOX')).find((message) => message.subject === 'Travel plans')?.flags ?? []).includes('urgent'),
  );
  await page.getByRole('button', { name: 'Remove tag urgent' }).click();
  await expect(travel.getByLabel('Tags')).toHaveCount(0);
  await waitFor(
    'the keyword gone from the server',
    async () => !((await serverFolder('INBOX')).find((message) => message.subject === 'Travel plans')?.flags ?? []).includes('urgent'),
  );

  // e archives at once; the toast's Undo brings it back, on the server too.
  await travel.press('e');
  await expect(messages.getByRole('option')).toHaveCount(3);
  await expect(page.getByRole('status').filter({ hasText: 'Archived 1 message.' })).toBeVisible();
  await page.screenshot({ path: join(screenshots, 'archived-with-undo.png') });
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(messages.getByRole('option', { name: /Travel plans/ })).toBeVisible();
  await waitFor('the message back in INBOX on the server, once', async () => {
    const inbox = await serverFolder('INBOX');
    return inbox.filter((message) => message.subject === 'Travel plans').length === 1 && (await serverFolder('Archive')).length === 0;
  });

  // Dragging a message onto a folder moves it.
  await messages.getByRole('option', { name: /Team lunch/ }).dragTo(folders.getByRole('button', { name: 'Junk', exact: true }));
  await expect(messages.getByRole('option', { name: /Team lunch/ })).toHaveCount(0);
  await waitFor('the dragged message in Junk on the server', async () =>
    (await serverFolder('Junk')).some((message) => message.subject === 'Team lunch'),
  );

  // Folders: create, then delete after a confirmation that says what goes with it.
  await folders.getByRole('button', { name: 'New folder' }).click();
  await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Folder name').fill('Projects');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(folders.getByRole('button', { name: 'Projects', exact: true })).toBeVisible();
  await waitFor('the new folder on the server', async () => (await serverFolderNames()).includes('Projects'));
  await messages.getByRole('option', { name: /Budget review/ }).dragTo(folders.getByRole('button', { name: 'Projects', exact: true }));
  await waitFor('the message in Projects on the server', async () => (await serverFolder('Projects')).length === 1);
  await folders.getByRole('button', { name: 'Actions for Projects' }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete Projects?' });
  await expect(confirm).toContainText('The 1 message in it will be deleted for good');
  await page.screenshot({ path: join(screenshots, 'delete-folder-confirmation.png') });
  await confirm.getByRole('button', { name: 'Delete folder' }).click();
  await expect(folders.getByRole('button', { name: 'Projects', exact: true })).toHaveCount(0);
  await waitFor('the folder gone from the server', async () => !(await serverFolderNames()).includes('Projects'));
  await expect(page.getByRole('status', { name: 'Sync status' })).not.toContainText('waiting to be sent');
});
