import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
let web: Server;
let webUrl: string;
const hits: string[] = [];

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('reader'));
  user = await createUser(dovecot.info, 'reader');
  // Stands in for the web: counts every request, so the test sees what the reader let out.
  web = createServer((request, response) => {
    // A browser tab asks for a favicon by itself; that is not the message's doing.
    if (request.url !== '/favicon.ico') hits.push(request.url ?? '');
    response.end('<html><body>landing</body></html>');
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  const from = { name: 'Newsletter', address: 'news@kestrel.test' };
  const to = [{ name: 'Tester', address: user.email }];
  await appendMessages(dovecot.info, user, 'INBOX', [
    makeMessage({
      from,
      to,
      subject: 'Plain with a link',
      date: new Date(Date.now() - 3 * 3_600_000),
      text: `The notes are at ${webUrl}/notes. Enjoy.`,
    }),
    makeMessage({
      from,
      to,
      subject: 'Second newsletter',
      date: new Date(Date.now() - 2 * 3_600_000),
      text: 'Second.',
      html: `<p>Second.</p><img src="${webUrl}/pixel-second.png" alt="pixel">`,
    }),
    makeMessage({
      from,
      to,
      subject: 'Your account',
      date: new Date(Date.now() - 3_600_000),
      text: 'Log in.',
      html:
        `<p>Please <a href="${webUrl}/phish">www.mybank.example</a> or read <a href="${webUrl}/report">the report</a>.</p><img src="${webUrl}/pixel.png" alt="pixel">` +
        // An alt attribute on a link is seen by no one: it must not stand in for the text that is.
        `<p><a href="${webUrl}/phish" alt="x">https://www.paypal.com/login</a></p>`,
    }),
  ]);
});

test.afterAll(async () => {
  await stopSpecServer({ workDir, dovecot });
  await new Promise((resolve) => web.close(resolve));
});

test('remote images wait for the user, links show where they go, and a deceptive one warns', async ({ launchApp }) => {
  const { page } = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });
  await signIn(page, dovecot.info, user);
  const messages = page.getByRole('listbox', { name: 'Messages' });
  const reader = page.getByRole('article', { name: 'Message' });

  await messages.getByRole('option', { name: /Your account/ }).click();
  const body = page.frameLocator('iframe[title="Message body"]');
  await expect(body.getByText('Please')).toBeVisible();
  await expect(reader.getByRole('note')).toContainText('Remote images are blocked');
  expect(hits).toEqual([]);

  // Hovering shows the real target; the link whose text names another site warns before it opens.
  await body.getByRole('link', { name: 'www.mybank.example' }).hover();
  await expect(reader.getByText(`Link goes to ${webUrl}/phish`)).toBeVisible();
  await body.getByRole('link', { name: 'www.mybank.example' }).click();
  const warning = page.getByRole('alertdialog', { name: 'This link may not go where it says' });
  await expect(warning).toContainText('www.mybank.example');
  await expect(warning).toContainText('127.0.0.1');
  await page.screenshot({ path: join(screenshots, 'deceptive-link-warning.png') });
  await warning.getByRole('button', { name: 'Cancel' }).click();
  await body.getByRole('link', { name: 'https://www.paypal.com/login' }).click();
  await expect(warning).toContainText('www.paypal.com');
  await warning.getByRole('button', { name: 'Cancel' }).click();
  expect(hits).toEqual([]);

  // An honest link opens outside the app (a new browser tab here; the system browser under Electron).
  const opened = page.waitForEvent('popup');
  await body.getByRole('link', { name: 'the report' }).click();
  await (await opened).close();
  expect(hits).toEqual(['/report']);

  // Load images: once for this message; always for this sender.
  await reader.getByRole('button', { name: 'Load images' }).click();
  await expect.poll(() => hits.includes('/pixel.png')).toBe(true);
  await messages.getByRole('option', { name: /Second newsletter/ }).click();
  await expect(reader.getByRole('note')).toContainText('Remote images are blocked');
  expect(hits).not.toContain('/pixel-second.png');
  await reader.getByRole('button', { name: 'Always load from news@kestrel.test' }).click();
  await expect.poll(() => hits.includes('/pixel-second.png')).toBe(true);

  // Links in plain text are clickable too.
  await messages.getByRole('option', { name: /Plain with a link/ }).click();
  const plainOpened = page.waitForEvent('popup');
  await reader.getByRole('link', { name: `${webUrl}/notes` }).click();
  await (await plainOpened).close();
  expect(hits).toContain('/notes');
});
