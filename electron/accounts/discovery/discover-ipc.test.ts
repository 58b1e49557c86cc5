import { afterEach, describe, expect, inject, it } from 'vitest';
import { startAutoconfigServer } from '../../../e2e/support/autoconfig-server';
import { startLoopbackDns } from '../../../e2e/support/dns-server';
import { createUser } from '../../../e2e/support/dovecot';
import { createTestEngine, type TestEngine } from '../../../e2e/support/engine-harness';
import { closedPort } from '../../../e2e/support/misbehaving-servers';
import { createDiscoveryNetwork, SettingsDiscovery, type DiscoveryLimits } from './discover';

const dovecot = inject('dovecot');
const testCa = inject('testCa');
const limits: DiscoveryLimits = { totalMs: 10_000, autoconfigMs: 3_000, dnsMs: 2_000, probeMs: 2_000 };
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function engineWith(discovery?: SettingsDiscovery): Promise<TestEngine> {
  const engine = await createTestEngine({ discovery });
  cleanups.push(() => engine.dispose());
  return engine;
}

describe('accounts.discover over IPC', () => {
  it('refuses what is not an address, or carries more than one', async () => {
    const engine = await engineWith();
    expect(await engine.invokeRaw('accounts.discover', { email: 'not an address' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', field: 'email' },
    });
    expect(await engine.invokeRaw('accounts.discover', { email: 'ada@example.com', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
    expect(await engine.invokeRaw('accounts.discover', { email: 'ada@localhost' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', field: 'email' },
    });
  });

  it('answers a known provider with its source', async () => {
    const engine = await engineWith();
    expect(await engine.invoke('accounts.discover', { email: 'ada@icloud.com' })).toMatchObject({
      ok: true,
      value: { host: 'imap.mail.me.com', port: 993, security: 'tls', username: 'ada', source: { kind: 'provider', provider: 'iCloud' } },
    });
  });

  it('finds settings in an autoconfig file that sign in to the real server', async () => {
    const user = await createUser(dovecot, 'discovered');
    const file = `<clientConfig version="1.1"><emailProvider id="kestrel.test"><incomingServer type="imap">
      <hostname>localhost</hostname><port>${String(dovecot.tlsPort)}</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer></emailProvider></clientConfig>`;
    const files = await startAutoconfigServer(testCa, ({ host }) =>
      host === 'autoconfig.kestrel.test' ? { status: 200, body: file } : { status: 404 },
    );
    cleanups.push(() => files.close());
    const dns = await startLoopbackDns({});
    cleanups.push(() => dns.close());
    const nowhere = await closedPort();
    const network = createDiscoveryNetwork(
      {
        autoconfigBaseUrl: files.baseUrl,
        dnsServers: [dns.address],
        probeRoute: () => ({ host: '127.0.0.1', port: nowhere, servername: 'localhost' }),
      },
      limits,
    );
    const engine = await engineWith(new SettingsDiscovery(network, limits));

    const found = await engine.invoke('accounts.discover', { email: user.email });
    if (!found.ok) throw new Error(found.error.message);
    expect(found.value).toMatchObject({
      host: 'localhost',
      port: dovecot.tlsPort,
      security: 'tls',
      username: user.username,
      source: { kind: 'autoconfig' },
    });

    const { source: _source, ...settings } = found.value;
    const added = await engine.invoke('accounts.add', { displayName: 'Discovered', email: user.email, password: user.password, ...settings });
    expect(added).toMatchObject({ ok: true, value: { host: 'localhost', username: user.username } });
  });
});
