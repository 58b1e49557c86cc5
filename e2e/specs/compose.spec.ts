import { join } from 'node:path';
import { signIn } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { startSpecServer, stopSpecServer } from '../support/spec-server';
import { appendMessages, createUser, imapClientFor, type DovecotServer, type TestUser } from '../support/dovecot';
import { makeMessage } from '../support/messages';
import { waitFor } from '../support/wait';

let workDir: string;
let dovecot: DovecotServer;
let caCertPath: string;

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('compose'));
});

test.afterAll(async () => {
  await stopSpecServer({ workDir, dovecot });
});

async function draftSubjects(user: TestUser): Promise<string[]> {
  const client = await imapClientFor(dovecot.info, user);
  try {
    const subjects: string[] = [];
    await client.mailboxOpen('Drafts', { readOnly: true });
    if (client.mailbox !== false && client.mailbox.exists > 0)
      for await (const message of client.fetch('1:*', { envelope: true, flags: true }))
        if (message.flags?.has('\\Draft') === true) subjects.push(message.envelope?.subject ?? '');
    return subjects;
  } finally {
    await client.logout();
  }
}

test('a mailto: link handed to Kestrel opens a new message, saved to Drafts on the server', async ({ launchApp }) => {
  const user = await createUser(dovecot.info, 'mailto');
  // Kestrel started by the system to open a link, as the default mail app is.
  const { page } = await launchApp({
    dataDir: join(workDir, 'mailto-data'),
    caCertPath,
    args: ['mailto:ada@example.com?subject=Lunch%20on%20Friday&body=Shall%20we%20meet%20at%20noon%3F&from=boss@example.com'],
  });
  await signIn(page, dovecot.info, user);
  const composer = page.getByRole('dialog', { name: 'New message' });
  await expect(composer.getByRole('textbox', { name: 'To', exact: true })).toHaveValue('ada@example.com');
  await expect(composer.getByRole('textbox', { name: 'Subject' })).toHaveValue('Lunch on Friday');
  await expect(composer.getByRole('textbox', { name: 'Message' })).toHaveValue('Shall we meet at noon?');
  await expect(composer.getByRole('combobox', { name: 'From' })).toContainText(user.email);

  // A recipient that is not an address is named, and nothing is saved until it is put right.
  await composer.getByRole('textbox', { name: 'Cc', exact: true }).fill('Bob');
  await composer.getByRole('button', { name: 'Save to Drafts' }).click();
  await expect(composer.getByText('“Bob” is not an email address.')).toBeVisible();
  await composer.getByRole('textbox', { name: 'Cc', exact: true }).fill('Bob Builder <bob@example.org>');
  await composer.getByRole('button', { name: 'Save to Drafts' }).click();
  await expect(composer).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to Drafts' })).toBeVisible();

  await waitFor('the draft on the server', async () => (await draftSubjects(user)).includes('Lunch on Friday'));
  await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Drafts', exact: true }).click();
  await page
    .getByRole('listbox', { name: 'Messages' })
    .getByRole('option', { name: /Lunch on Friday/ })
    .click();
  const reader = page.getByRole('article', { name: 'Message' });
  await expect(reader).toContainText('Shall we meet at noon?');
  await expect(reader).toContainText('bob@example.org');
});

test('c writes a new message, a mailto: link in a message opens one, and written text is not thrown away unasked', async ({ launchApp }) => {
  const user = await createUser(dovecot.info, 'compose');
  await appendMessages(dovecot.info, user, 'INBOX', [
    makeMessage({
      from: { name: 'Grace Hopper', address: 'grace@kestrel.test' },
      to: [{ name: 'Tester', address: user.email }],
      subject: 'Contact the team',
      date: new Date(),
      html: '<p>Write to <a href="mailto:team@kestrel.test?subject=Hello%20team">the team</a> any time.</p>',
    }),
  ]);
  const { page } = await launchApp({ dataDir: join(workDir, 'compose-data'), caCertPath });
  await signIn(page, dovecot.info, user);
  const messages = page.getByRole('listbox', { name: 'Messages' });
  await messages.getByRole('option', { name: /Contact the team/ }).click();
  await page.frameLocator('iframe[title="Message body"]').getByRole('link', { name: 'the team' }).click();
  const composer = page.getByRole('dialog', { name: 'New message' });
  await expect(composer.getByRole('textbox', { name: 'To', exact: true })).toHaveValue('team@kestrel.test');
  await expect(composer.getByRole('textbox', { name: 'Subject' })).toHaveValue('Hello team');

  // Escape with text written asks first; keeping the text keeps the message open.
  await composer.getByRole('textbox', { name: 'Message' }).fill('Hello everyone');
  await page.keyboard.press('Escape');
  const confirm = composer.getByRole('group', { name: 'Discard this message?' });
  await confirm.getByRole('button', { name: 'Keep writing' }).click();
  await expect(composer.getByRole('textbox', { name: 'Message' })).toHaveValue('Hello everyone');
  // Escape twice is asking and answering "keep writing", never discarding.
  await page.keyboard.press('Escape');
  await expect(confirm).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(composer.getByRole('textbox', { name: 'Message' })).toHaveValue('Hello everyone');
  await composer.getByRole('button', { name: 'Discard' }).click();
  await composer.getByRole('group', { name: 'Discard this message?' }).getByRole('button', { name: 'Discard' }).click();
  await expect(composer).toBeHidden();

  // c, from the message list, starts an empty one.
  await messages.getByRole('option').first().focus();
  await page.keyboard.press('c');
  await expect(composer.getByRole('textbox', { name: 'To', exact: true })).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect(composer).toBeHidden();
});
