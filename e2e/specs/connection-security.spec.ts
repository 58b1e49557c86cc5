import { X509Certificate } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { fillAccountForm } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { createBadCertificate, type TestCa, type TestCertificate } from '../support/certs';
import { createUser, readLog, type DovecotServer } from '../support/dovecot';
import { startSpecServer, stopSpecServer } from '../support/spec-server';

const screenshots = join(import.meta.dirname, '..', 'artifacts');

let workDir: string;
let dovecot: DovecotServer;
let caCertPath: string;
let selfSigned: TestCertificate;
let rotating: TestCertificate;
let certsDir: string;
let testCa: TestCa;
const SELF_SIGNED_ADDRESS = '127.0.0.2';
const ROTATING_ADDRESS = '127.0.0.3';

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('connection-security', (ca, dir) => {
    testCa = ca;
    certsDir = join(dir, 'bad-certs');
    selfSigned = createBadCertificate(certsDir, 'selfsigned', 'self-signed', ca, SELF_SIGNED_ADDRESS);
    rotating = createBadCertificate(certsDir, 'rotating', 'self-signed', ca, ROTATING_ADDRESS);
    // Its own server, so allowing passwords in clear text here weakens no other spec.
    return {
      plaintextLogins: true,
      extraTlsListeners: [
        { name: 'selfsigned', address: SELF_SIGNED_ADDRESS, ...selfSigned },
        { name: 'rotating', address: ROTATING_ADDRESS, ...rotating },
      ],
    };
  }));
});

test.afterAll(async () => {
  await stopSpecServer({ workDir, dovecot });
});

async function setServer(page: Page, host: string, port: number): Promise<void> {
  await page.getByLabel('IMAP server').fill(host);
  await page.getByLabel('Port').fill(String(port));
}

test('a self-signed certificate stops the connection, is shown, and once trusted the account connects', async ({ launchApp }) => {
  const user = await createUser(dovecot.info, 'selfsigned');
  const listener = dovecot.info.extraTlsListeners.selfsigned;
  if (listener === undefined) throw new Error('No self-signed listener');
  const { page } = await launchApp({ dataDir: join(workDir, 'data-certificate'), caCertPath });
  await fillAccountForm(page, dovecot.info, user);
  await setServer(page, listener.host, listener.port);
  await page.getByRole('button', { name: 'Add account' }).click();

  const dialog = page.getByRole('dialog', { name: 'Certificate not trusted' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`The certificate of ${listener.host}:${String(listener.port)} is not trusted`);
  await expect(dialog).toContainText('it is self-signed');
  await expect(dialog).toContainText('CN=self-signed selfsigned');
  await expect(dialog.getByTestId('certificate-fingerprint')).toHaveText(new X509Certificate(readFileSync(selfSigned.certPath)).fingerprint256);
  expect(readLog(dovecot.info)).not.toContain(user.username);
  await page.screenshot({ path: join(screenshots, 'certificate-dialog.png') });

  await dialog.getByRole('button', { name: 'Trust this certificate' }).click();
  const folders = page.getByRole('navigation', { name: 'Folders' });
  await expect(folders.getByRole('button', { name: /^Inbox/ })).toBeVisible();
  await expect(dialog).toHaveCount(0);
});

test('plain text needs a worded consent, and the account keeps a warning', async ({ launchApp }) => {
  const user = await createUser(dovecot.info, 'plain');
  const { page } = await launchApp({ dataDir: join(workDir, 'data-plain'), caCertPath });
  await fillAccountForm(page, dovecot.info, user);
  await page.getByLabel('Security').selectOption({ label: 'None (not recommended)' });
  await setServer(page, dovecot.info.host, dovecot.info.starttlsPort);
  await expect(page.getByText('Your password and every message travel in clear text')).toBeVisible();
  await page.screenshot({ path: join(screenshots, 'plaintext-consent.png') });

  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByText('Without encryption your password and mail can be read on the network')).toBeVisible();
  expect(readLog(dovecot.info)).not.toContain(user.username);

  await page.getByLabel('I understand, connect without encryption for this account').check();
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /^Inbox/ })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(`${user.email}: not encrypted`);
  await page.screenshot({ path: join(screenshots, 'plaintext-account.png') });
});

test('when the server later presents another certificate, the status bar asks again, and trusting it resumes sync', async ({ launchApp }) => {
  const user = await createUser(dovecot.info, 'rotating');
  const listener = dovecot.info.extraTlsListeners.rotating;
  if (listener === undefined) throw new Error('No rotating listener');
  const { page } = await launchApp({ dataDir: join(workDir, 'data-rotating'), caCertPath });
  await fillAccountForm(page, dovecot.info, user);
  await setServer(page, listener.host, listener.port);
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('dialog', { name: 'Certificate not trusted' }).getByRole('button', { name: 'Trust this certificate' }).click();
  const status = page.getByRole('status', { name: 'Sync status' });
  await expect(status).toContainText('Up to date');

  // Same name and port, another certificate: renewed by the administrator, or someone in between.
  const replacement = createBadCertificate(certsDir, 'rotated', 'self-signed', testCa, ROTATING_ADDRESS);
  copyFileSync(replacement.certPath, rotating.certPath);
  copyFileSync(replacement.keyPath, rotating.keyPath);
  await dovecot.stop();
  await dovecot.start();

  const review = status.getByRole('button', { name: 'Review certificate' });
  await expect(async () => {
    if (!(await review.isVisible())) {
      const retry = status.getByRole('button', { name: 'Retry' });
      if (await retry.isVisible()) await retry.click();
    }
    await expect(review).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await review.click();
  const dialog = page.getByRole('dialog', { name: 'Certificate not trusted' });
  await expect(dialog.getByTestId('certificate-fingerprint')).toHaveText(new X509Certificate(readFileSync(replacement.certPath)).fingerprint256);
  await dialog.getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(status).toContainText('Up to date');
  await expect(review).toHaveCount(0);
});
