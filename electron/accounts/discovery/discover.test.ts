import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AppFailure } from '../../../shared/ipc/result';
import { startAutoconfigServer, type AutoconfigRequest, type FileReply } from '../../../e2e/support/autoconfig-server';
import { createTestCa, type TestCa } from '../../../e2e/support/certs';
import { startLoopbackDns, type SrvTarget } from '../../../e2e/support/dns-server';
import { closedPort } from '../../../e2e/support/misbehaving-servers';
import { createDiscoveryNetwork, SettingsDiscovery, type DiscoveryLimits, type DiscoveryNetwork } from './discover';
import type { ProbeRoute } from './probe';

const dovecot = inject('dovecot');
const testCa = inject('testCa');
const limits: DiscoveryLimits = { totalMs: 10_000, autoconfigMs: 3_000, dnsMs: 2_000, probeMs: 2_000 };
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const autoconfigFile = (socketType: string, hostname = 'imap.%EMAILDOMAIN%', port = 993) => `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="kestrel.test"><domain>kestrel.test</domain>
  <incomingServer type="imap"><hostname>${hostname}</hostname><port>${String(port)}</port><socketType>${socketType}</socketType>
    <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></incomingServer>
</emailProvider></clientConfig>`;

interface Loopback {
  files?: (request: AutoconfigRequest) => FileReply;
  ca?: TestCa;
  srv?: Record<string, SrvTarget[]>;
  silentDns?: boolean;
  /** Guessed `host:port` to the loopback server that stands in for it. */
  routes?: Record<string, { port: number; servername: string }>;
}

/** Each part of the network on loopback: the autoconfig host, a DNS server, and where probes land. */
async function discoveryOn(loopback: Loopback, stepLimits = limits): Promise<{ discovery: SettingsDiscovery; requests: () => AutoconfigRequest[] }> {
  const files = await startAutoconfigServer(loopback.ca ?? testCa, loopback.files ?? (() => ({ status: 404 })));
  cleanups.push(() => files.close());
  const dns = await startLoopbackDns(loopback.srv ?? {}, { silent: loopback.silentDns });
  cleanups.push(() => dns.close());
  const nowhere = await closedPort();
  const route: ProbeRoute = (host, port) => ({
    host: '127.0.0.1',
    ...(loopback.routes?.[`${host}:${String(port)}`] ?? { port: nowhere, servername: 'localhost' }),
  });
  const network = createDiscoveryNetwork({ autoconfigBaseUrl: files.baseUrl, dnsServers: [dns.address], probeRoute: route }, stepLimits);
  return { discovery: new SettingsDiscovery(network, stepLimits), requests: () => files.requests() };
}

async function failureOf(work: Promise<unknown>): Promise<AppFailure> {
  const error: unknown = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppFailure)) throw new Error(`expected an AppFailure, got ${String(error)}`);
  return error;
}

describe('SettingsDiscovery', () => {
  it('answers a known provider from its table without touching the network', async () => {
    const untouchable: DiscoveryNetwork = {
      get: () => Promise.reject(new Error('no HTTPS expected')),
      resolver: () => {
        throw new Error('no DNS expected');
      },
      probe: () => Promise.reject(new Error('no probe expected')),
    };
    const settings = await new SettingsDiscovery(untouchable, limits).discover('ada@fastmail.com');
    expect(settings).toMatchObject({
      host: 'imap.fastmail.com',
      port: 993,
      security: 'tls',
      username: 'ada@fastmail.com',
      source: { kind: 'provider', provider: 'Fastmail' },
    });
  });

  it("reads the domain's autoconfig file over HTTPS, from the autoconfig host first", async () => {
    const { discovery, requests } = await discoveryOn({
      files: ({ host, path }) =>
        host === 'autoconfig.kestrel.test' && path.startsWith('/mail/config-v1.1.xml')
          ? { status: 200, body: autoconfigFile('SSL') }
          : { status: 404 },
    });
    const settings = await discovery.discover('ada@kestrel.test');
    expect(settings).toEqual({
      host: 'imap.kestrel.test',
      port: 993,
      security: 'tls',
      username: 'ada',
      source: { kind: 'autoconfig', domain: 'kestrel.test', url: 'https://autoconfig.kestrel.test/mail/config-v1.1.xml' },
    });
    expect(requests()).toContainEqual({ host: 'autoconfig.kestrel.test', path: '/mail/config-v1.1.xml?emailaddress=ada%40kestrel.test' });
  });

  it('falls back to the .well-known location on the domain itself', async () => {
    const { discovery } = await discoveryOn({
      files: ({ host, path }) =>
        host === 'kestrel.test' && path === '/.well-known/autoconfig/mail/config-v1.1.xml'
          ? { status: 200, body: autoconfigFile('STARTTLS', 'mx.kestrel.test', 143) }
          : { status: 404 },
    });
    expect(await discovery.discover('ada@kestrel.test')).toMatchObject({
      host: 'mx.kestrel.test',
      port: 143,
      security: 'starttls',
      source: { kind: 'autoconfig', url: 'https://kestrel.test/.well-known/autoconfig/mail/config-v1.1.xml' },
    });
  });

  it('follows a redirect to https, and never one to plain http', async () => {
    const { discovery, requests } = await discoveryOn({
      files: ({ host, path }) => {
        if (host === 'kestrel.test') return { status: 301, location: 'https://www.kestrel.test/mail/autoconfig.xml' };
        if (host === 'www.kestrel.test' && path === '/mail/autoconfig.xml') return { status: 200, body: autoconfigFile('SSL') };
        return { status: 302, location: 'http://autoconfig.kestrel.test/plain.xml' };
      },
    });
    expect(await discovery.discover('ada@kestrel.test')).toMatchObject({
      host: 'imap.kestrel.test',
      source: { kind: 'autoconfig', url: 'https://kestrel.test/.well-known/autoconfig/mail/config-v1.1.xml' },
    });
    expect(requests().map(({ path }) => path)).not.toContain('/plain.xml');
  });

  it('takes DNS SRV when the autoconfig file offers only plain text, _imaps before _imap', async () => {
    const { discovery } = await discoveryOn({
      files: () => ({ status: 200, body: autoconfigFile('plain', 'imap.kestrel.test', 143) }),
      srv: {
        '_imaps._tcp.kestrel.test': [
          { target: 'backup.kestrel.test', port: 993, priority: 20, weight: 0 },
          { target: 'imaps.kestrel.test', port: 993, priority: 10, weight: 0 },
        ],
        '_imap._tcp.kestrel.test': [{ target: 'imap.kestrel.test', port: 143 }],
      },
    });
    expect(await discovery.discover('ada@kestrel.test')).toEqual({
      host: 'imaps.kestrel.test',
      port: 993,
      security: 'tls',
      username: 'ada@kestrel.test',
      source: { kind: 'dns', record: '_imaps._tcp.kestrel.test', domain: 'kestrel.test', outsideDomain: false },
    });
  });

  it('points out an SRV target outside the domain', async () => {
    const { discovery } = await discoveryOn({ srv: { '_imaps._tcp.kestrel.test': [{ target: 'imap.hosting.example', port: 993 }] } });
    expect(await discovery.discover('ada@kestrel.test')).toMatchObject({
      host: 'imap.hosting.example',
      source: { kind: 'dns', outsideDomain: true },
    });
  });

  it('reads "." under _imaps as no service and takes _imap with STARTTLS', async () => {
    const { discovery } = await discoveryOn({
      srv: { '_imaps._tcp.kestrel.test': [{ target: '.', port: 0 }], '_imap._tcp.kestrel.test': [{ target: 'mail.kestrel.test', port: 143 }] },
    });
    expect(await discovery.discover('ada@kestrel.test')).toMatchObject({
      host: 'mail.kestrel.test',
      port: 143,
      security: 'starttls',
      source: { kind: 'dns', record: '_imap._tcp.kestrel.test' },
    });
  });

  it('does not read an autoconfig file served with a certificate the system does not trust', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-untrusted-ca-'));
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const { discovery, requests } = await discoveryOn({
      ca: createTestCa(dir),
      files: () => ({ status: 200, body: autoconfigFile('SSL', 'attacker.kestrel.test') }),
      srv: { '_imaps._tcp.kestrel.test': [{ target: 'imaps.kestrel.test', port: 993 }] },
    });
    expect(await discovery.discover('ada@kestrel.test')).toMatchObject({ host: 'imaps.kestrel.test', source: { kind: 'dns' } });
    expect(requests()).toEqual([]);
  });

  it('does not read an autoconfig file past the size limit', async () => {
    const padded = autoconfigFile('SSL').replace('<domain>', `<!-- ${'x'.repeat(100_000)} --><domain>`);
    const { discovery } = await discoveryOn({
      files: () => ({ status: 200, body: padded }),
      srv: { '_imaps._tcp.kestrel.test': [{ target: 'imaps.kestrel.test', port: 993 }] },
    });
    expect(await discovery.discover('ada@kestrel.test')).toMatchObject({ source: { kind: 'dns' } });
  });

  it('guesses imap.<domain> on 993 when a real server answers there with a trusted certificate', async () => {
    const { discovery } = await discoveryOn({ routes: { 'imap.kestrel.test:993': { port: dovecot.tlsPort, servername: 'localhost' } } });
    expect(await discovery.discover('ada@kestrel.test')).toEqual({
      host: 'imap.kestrel.test',
      port: 993,
      security: 'tls',
      username: 'ada@kestrel.test',
      source: { kind: 'guess', certificateTrusted: true },
    });
  });

  it('guesses STARTTLS on 143 when nothing answers on 993', async () => {
    const { discovery } = await discoveryOn({ routes: { 'mail.kestrel.test:143': { port: dovecot.starttlsPort, servername: 'localhost' } } });
    expect(await discovery.discover('ada@kestrel.test')).toMatchObject({
      host: 'mail.kestrel.test',
      port: 143,
      security: 'starttls',
      source: { kind: 'guess', certificateTrusted: true },
    });
  });

  it('offers a guess whose certificate names another host, marked as not trusted', async () => {
    // Dovecot's certificate names localhost, not imap.kestrel.test: verification fails, as it should.
    const { discovery } = await discoveryOn({ routes: { 'imap.kestrel.test:993': { port: dovecot.tlsPort, servername: 'imap.kestrel.test' } } });
    expect(await discovery.discover('ada@kestrel.test')).toMatchObject({
      host: 'imap.kestrel.test',
      source: { kind: 'guess', certificateTrusted: false },
    });
  });

  it('says so when nothing is found, so the user fills the form by hand', async () => {
    const { discovery } = await discoveryOn({});
    const failure = await failureOf(discovery.discover('ada@kestrel.test'));
    expect(failure.appError).toMatchObject({ code: 'NOT_FOUND', field: 'host', message: expect.stringContaining('kestrel.test') as unknown });
  });

  it('refuses an address that is not one before anything goes out', async () => {
    const { discovery, requests } = await discoveryOn({});
    expect((await failureOf(discovery.discover('ada@localhost'))).appError.code).toBe('BAD_INPUT');
    expect(requests()).toEqual([]);
  });

  it('gives each step its own time, and moves on when one hangs', async () => {
    const silent = await silentTcpServer();
    const { discovery } = await discoveryOn(
      {
        files: () => ({ status: 200, hang: true }),
        silentDns: true,
        routes: {
          'imap.kestrel.test:993': { port: silent.port, servername: 'localhost' },
          'mail.kestrel.test:143': { port: dovecot.starttlsPort, servername: 'localhost' },
        },
      },
      { totalMs: 10_000, autoconfigMs: 500, dnsMs: 500, probeMs: 1_000 },
    );
    const started = Date.now();
    expect(await discovery.discover('ada@kestrel.test')).toMatchObject({ host: 'mail.kestrel.test', source: { kind: 'guess' } });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('never runs past its overall time, whatever hangs', async () => {
    const silent = await silentTcpServer();
    const hung = { port: silent.port, servername: 'localhost' };
    const { discovery } = await discoveryOn(
      {
        files: () => ({ status: 200, hang: true }),
        silentDns: true,
        routes: { 'imap.kestrel.test:993': hung, 'mail.kestrel.test:993': hung, 'imap.kestrel.test:143': hung, 'mail.kestrel.test:143': hung },
      },
      { totalMs: 1_500, autoconfigMs: 1_000, dnsMs: 1_000, probeMs: 1_000 },
    );
    const started = Date.now();
    expect((await failureOf(discovery.discover('ada@kestrel.test'))).appError.code).toBe('NOT_FOUND');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

/** Accepts connections and never says a word: a server that hangs before its greeting. */
async function silentTcpServer(): Promise<{ port: number }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await once(server, 'close');
  });
  return { port: (server.address() as AddressInfo).port };
}
