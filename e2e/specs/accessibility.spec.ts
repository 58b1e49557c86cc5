import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
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

/** Serious and critical findings of axe-core; the message's own HTML is the sender's, not ours. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).exclude('iframe[title="Message body"]').analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('a11y'));
  user = await createUser(dovecot.info, 'a11y');
  await appendMessages(
    dovecot.info,
    user,
    'INBOX',
    generateMailbox(12, 91).map((message) => message.raw),
  );
});

test.afterAll(async () => {
  await stopSpecServer({ workDir, dovecot });
});

test('the main views have no serious accessibility violations, in light and dark', async ({ launchApp }) => {
  const { page } = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
    expect(await seriousViolations(page), `first run, ${colorScheme}`).toEqual([]);
    await page.screenshot({ path: join(screenshots, `first-run-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await signIn(page, dovecot.info, user);
  const messages = page.getByRole('listbox', { name: 'Messages' });
  await messages.getByRole('option').first().click();
  await expect(page.getByRole('article', { name: 'Message' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Up to date');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousViolations(page), `mailbox, ${colorScheme}`).toEqual([]);
    await page.screenshot({ path: join(screenshots, `mailbox-${colorScheme}.png`) });
  }
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  expect(await seriousViolations(page), 'shortcut sheet').toEqual([]);
  await page.screenshot({ path: join(screenshots, 'shortcut-sheet-light.png') });
  await page.keyboard.press('Escape');
  await page.keyboard.press('c');
  const composer = page.getByRole('dialog', { name: 'New message' });
  await expect(composer).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousViolations(page), `new message, ${colorScheme}`).toEqual([]);
    await page.screenshot({ path: join(screenshots, `composer-${colorScheme}.png`) });
  }
});
