import { join } from 'node:path';
import { signIn } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { startSpecServer, stopSpecServer } from '../support/spec-server';
import { appendMessages, createUser, type DovecotServer, type TestUser } from '../support/dovecot';
import { generateMailbox } from '../support/messages';

const screenshots = join(import.meta.dirname, '..', 'artifacts');

let workDir: string;
let dovecot: DovecotServer;
let user: TestUser;
let caCertPath: string;

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('layout'));
  user = await createUser(dovecot.info, 'layout');
  await appendMessages(
    dovecot.info,
    user,
    'INBOX',
    generateMailbox(6, 92).map((message) => message.raw),
  );
  await appendMessages(
    dovecot.info,
    user,
    'Archive',
    generateMailbox(2, 93).map((message) => message.raw),
  );
});

test.afterAll(async () => {
  await stopSpecServer({ workDir, dovecot });
});

test('pane sizes and the open folder come back after a restart; a narrow window shows one pane at a time', async ({ launchApp }) => {
  const app = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });
  let page = app.page;
  await signIn(page, dovecot.info, user);
  await expect(page.getByRole('listbox', { name: 'Messages' }).getByRole('option')).toHaveCount(6);

  const folderPane = page.getByRole('separator', { name: 'Resize the folder pane' });
  const before = Number(await folderPane.getAttribute('aria-valuenow'));
  await folderPane.focus();
  for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowRight');
  await expect(folderPane).toHaveAttribute('aria-valuenow', String(before + 48));
  const listPane = page.getByRole('separator', { name: 'Resize the message list' });
  const listBox = (await page.getByRole('listbox', { name: 'Messages' }).boundingBox())?.width ?? 0;
  const handle = await listPane.boundingBox();
  if (handle === null) throw new Error('the splitter has no box');
  await page.mouse.move(handle.x + 2, handle.y + 200);
  await page.mouse.down();
  await page.mouse.move(handle.x + 82, handle.y + 200, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await page.getByRole('listbox', { name: 'Messages' }).boundingBox())?.width ?? 0).toBeGreaterThan(listBox + 60);
  const listWidth = await listPane.getAttribute('aria-valuenow');
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: /^Archive/ })
    .click();

  page = await app.restart();
  await expect(page.getByRole('separator', { name: 'Resize the folder pane' })).toHaveAttribute('aria-valuenow', String(before + 48));
  await expect(page.getByRole('separator', { name: 'Resize the message list' })).toHaveAttribute('aria-valuenow', listWidth ?? '');
  await expect(page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /^Archive/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('listbox', { name: 'Messages' }).getByRole('option')).toHaveCount(2);

  // Narrow: the list alone, the message alone once opened, the folders on demand.
  await page.setViewportSize({ width: 600, height: 800 });
  await expect(page.getByRole('navigation', { name: 'Folders' })).toBeHidden();
  await page.getByRole('listbox', { name: 'Messages' }).getByRole('option').first().click();
  await expect(page.getByRole('listbox', { name: 'Messages' })).toBeHidden();
  await page.screenshot({ path: join(screenshots, 'compact-reader.png') });
  await page.getByRole('button', { name: 'Back to messages' }).click();
  await page.getByRole('button', { name: 'Folders' }).click();
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: /^Inbox/ })
    .click();
  await expect(page.getByRole('navigation', { name: 'Folders' })).toBeHidden();
  await expect(page.getByRole('listbox', { name: 'Messages' }).getByRole('option')).toHaveCount(6);
});
