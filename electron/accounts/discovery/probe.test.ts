import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestCa } from '../../../e2e/support/certs';
import {
  closedPort,
  startPlainImapWithoutStarttls,
  startTlsWithUntrustedCertificate,
  type MisbehavingServer,
} from '../../../e2e/support/misbehaving-servers';
import { createImapProbe, type ProbeTarget } from './probe';

const dovecot = inject('dovecot');
const never = new AbortController().signal;

/** Probes a loopback port as if it were imap.kestrel.test, checking the certificate against `servername`. */
function probeAt(port: number, security: ProbeTarget['security'], servername = 'localhost') {
  const probe = createImapProbe({ timeoutMs: 3_000, route: () => ({ host: '127.0.0.1', port, servername }) });
  return probe({ host: 'imap.kestrel.test', port: security === 'tls' ? 993 : 143, security }, never);
}

describe('createImapProbe', () => {
  let untrustedDir: string;
  let untrusted: MisbehavingServer;
  let withoutStarttls: MisbehavingServer;

  beforeAll(async () => {
    untrustedDir = mkdtempSync(join(tmpdir(), 'kestrel-probe-ca-'));
    untrusted = await startTlsWithUntrustedCertificate(createTestCa(untrustedDir));
    withoutStarttls = await startPlainImapWithoutStarttls();
  });

  afterAll(async () => {
    await Promise.all([untrusted.close(), withoutStarttls.close()]);
    rmSync(untrustedDir, { recursive: true, force: true });
  });

  it('finds Dovecot on implicit TLS and on STARTTLS, upgraded and verified', async () => {
    expect(await probeAt(dovecot.tlsPort, 'tls')).toBe('ok');
    expect(await probeAt(dovecot.starttlsPort, 'starttls')).toBe('ok');
  });

  it('reports a certificate that does not verify, for a CA nobody trusts or another host name', async () => {
    expect(await probeAt(untrusted.port, 'tls')).toBe('untrusted-certificate');
    expect(await probeAt(dovecot.tlsPort, 'tls', 'imap.kestrel.test')).toBe('untrusted-certificate');
    expect(await probeAt(dovecot.starttlsPort, 'starttls', 'imap.kestrel.test')).toBe('untrusted-certificate');
  });

  it('says no to a server without STARTTLS, before anything but CAPABILITY is sent', async () => {
    expect(await probeAt(withoutStarttls.port, 'starttls')).toBe('no');
    expect(withoutStarttls.received()).toBe('k1 CAPABILITY\r\n');
  });

  it('says no to a closed port and to TLS spoken at a plain port', async () => {
    expect(await probeAt(await closedPort(), 'tls')).toBe('no');
    expect(await probeAt(dovecot.starttlsPort, 'tls')).toBe('no');
  });

  it('stops at once when the lookup is cancelled', async () => {
    const cancel = new AbortController();
    const probe = createImapProbe({ timeoutMs: 30_000, route: () => ({ host: '127.0.0.1', port: dovecot.tlsPort, servername: 'localhost' }) });
    const outcome = probe({ host: 'imap.kestrel.test', port: 993, security: 'tls' }, cancel.signal);
    cancel.abort();
    expect(await outcome).toBe('no');
  });
});
