import { join } from 'node:path';
import { expect, test } from '../support/app-fixture';
import { startAutoconfigServer, type AutoconfigServer } from '../support/autoconfig-server';
import { startLoopbackDns, type LoopbackDns } from '../support/dns-server';
import { createUser, type TestUser } from '../support/dovecot';
import { startSpecServer, stopSpecServer, type SpecServer } from '../support/spec-server';

let server: SpecServer;
let files: AutoconfigServer;
let dns: LoopbackDns;
let dnsElsewhere: LoopbackDns;
let user: TestUser;

test.beforeAll(async () => {
  server = await startSpecServer('discovery');
  user = await createUser(server.dovecot.info, 'found');
  const { host, tlsPort } = server.dovecot.info;
  const file = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="kestrel.test"><domain>kestrel.test</domain>
  <incomingServer type="imap"><hostname>${host}</hostname><port>${String(tlsPort)}</port><socketType>SSL</socketType>
    <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></incomingServer>
</emailProvider></clientConfig>`;
  files = await startAutoconfigServer(server.ca, ({ host: asked }) =>
    asked === 'autoconfig.kestrel.test' ? { status: 200, body: file } : { status: 404 },
  );
  // Nothing of this spec asks the real DNS: SRV questions go to a loopback server that knows nothing.
  dns = await startLoopbackDns({});
  // A network whose DNS names a server outside the address's domain (an attacker's, or a hoster's).
  dnsElsewhere = await startLoopbackDns({ '_imaps._tcp.elsewhere.test': [{ port: tlsPort, target: 'localhost' }] });
});

test.afterAll(async () => {
  await Promise.all([files.close(), dns.close(), dnsElsewhere.close()]);
  await stopSpecServer(server);
});

test('Find settings fills the form from the domain’s autoconfig file, and the account is added with them', async ({ launchApp }) => {
  const { page } = await launchApp({
    dataDir: join(server.workDir, 'data'),
    caCertPath: server.caCertPath,
    env: { KESTREL_AUTOCONFIG_URL: files.baseUrl, KESTREL_DNS_SERVERS: dns.address },
  });
  await page.getByLabel('Your name').fill('Kestrel Tester');
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Find settings' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'autoconfig' })).toHaveText("From kestrel.test's autoconfig file.");
  await expect(page.getByLabel('IMAP server')).toHaveValue(server.dovecot.info.host);
  await expect(page.getByLabel('Port')).toHaveValue(String(server.dovecot.info.tlsPort));
  await expect(page.getByLabel('Security')).toHaveValue('tls');
  await expect(page.getByLabel('User name')).toHaveValue(user.username);
  expect(files.requests()).toContainEqual({
    host: 'autoconfig.kestrel.test',
    path: `/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(user.email)}`,
  });

  // Still the user's to change: an edit stays, and the login is tested before the account is saved.
  await page.getByLabel('User name').fill('nobody-here');
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('alert')).toContainText('rejected the user name or password');
  await page.getByLabel('User name').fill(user.username);
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /^Inbox/ })).toBeVisible();
});

test('a server DNS names outside the address’s domain fills the form only once the user says so', async ({ launchApp }) => {
  const { page } = await launchApp({
    dataDir: join(server.workDir, 'data-elsewhere'),
    caCertPath: server.caCertPath,
    env: { KESTREL_AUTOCONFIG_URL: files.baseUrl, KESTREL_DNS_SERVERS: dnsElsewhere.address },
  });
  // No autoconfig file answers for this domain: DNS is what names the server.
  await page.getByLabel('Email address').fill('ada@elsewhere.test');
  await page.getByRole('button', { name: 'Find settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'DNS' })).toContainText('not under elsewhere.test');
  await expect(page.getByLabel('IMAP server')).toHaveValue('');
  await page.getByRole('button', { name: 'Use localhost' }).click();
  await expect(page.getByLabel('IMAP server')).toHaveValue('localhost');
  await expect(page.getByLabel('Port')).toHaveValue(String(server.dovecot.info.tlsPort));
});
