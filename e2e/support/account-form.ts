import type { Page } from '@playwright/test';
import type { DovecotInfo, TestUser } from './dovecot';

/** Fills the first-run form as a person would; the caller clicks Add account (or checks an error first). */
export async function fillAccountForm(page: Page, info: DovecotInfo, user: TestUser, password = user.password): Promise<void> {
  await page.getByLabel('Your name').fill('Kestrel Tester');
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('IMAP server').fill(info.host);
  await page.getByLabel('Port').fill(String(info.tlsPort));
  await page.getByLabel('User name').fill(user.username);
  await page.getByLabel('Password').fill(password);
}

/** Adds the account through the first-run form, as a person would. */
export async function signIn(page: Page, info: DovecotInfo, user: TestUser): Promise<void> {
  await fillAccountForm(page, info, user);
  await page.getByRole('button', { name: 'Add account' }).click();
}
