import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Paths of a throwaway CA and the server certificate it signed, all PEM. */
export interface TestCa {
  caCertPath: string;
  caKeyPath: string;
  serverCertPath: string;
  serverKeyPath: string;
}

const VALIDITY_DAYS = '30';

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args[0] ?? ''} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

function generateEcKey(path: string, cwd: string): void {
  // P-256 keeps generation instant while every Node/OpenSSL TLS stack still accepts it.
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path], cwd);
}

/**
 * Creates a CA and a `localhost`/`127.0.0.1` server certificate signed by it, with openssl, in `dir`.
 * The CA is meant to be trusted the way a user's system trusts one (NODE_EXTRA_CA_CERTS), so the
 * client's certificate verification stays on in every test.
 */
export function createTestCa(dir: string): TestCa {
  mkdirSync(dir, { recursive: true });
  const caKeyPath = join(dir, 'ca.key');
  const caCertPath = join(dir, 'ca.crt');
  const serverKeyPath = join(dir, 'server.key');
  const serverCsrPath = join(dir, 'server.csr');
  const serverCertPath = join(dir, 'server.crt');
  const extPath = join(dir, 'server.ext');

  generateEcKey(caKeyPath, dir);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      caKeyPath,
      '-sha256',
      '-days',
      VALIDITY_DAYS,
      '-subj',
      '/O=Kestrel Mail Tests/CN=Kestrel Mail Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      caCertPath,
    ],
    dir,
  );

  generateEcKey(serverKeyPath, dir);
  openssl(['req', '-new', '-key', serverKeyPath, '-subj', '/O=Kestrel Mail Tests/CN=localhost', '-out', serverCsrPath], dir);
  writeFileSync(
    extPath,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '',
    ].join('\n'),
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      serverCsrPath,
      '-CA',
      caCertPath,
      '-CAkey',
      caKeyPath,
      // A random serial avoids a .srl file, and two CAs made in the same second never clash.
      '-set_serial',
      `0x${randomSerialHex()}`,
      '-days',
      VALIDITY_DAYS,
      '-sha256',
      '-extfile',
      extPath,
      '-out',
      serverCertPath,
    ],
    dir,
  );
  return { caCertPath, caKeyPath, serverCertPath, serverKeyPath };
}

function randomSerialHex(): string {
  // Positive 64-bit serial: the first nibble stays below 8 so the DER integer needs no sign byte.
  const bytes = randomBytes(8);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/** A server certificate and its key, PEM. */
export interface TestCertificate {
  certPath: string;
  keyPath: string;
}

/** The certificate problems a client must stop at, as users meet them. */
export type BadCertificateKind = 'self-signed' | 'expired' | 'wrong-host' | 'unknown-issuer';

function serverExtensions(altNames: string): string[] {
  return ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', `subjectAltName=${altNames}`];
}

/**
 * A server certificate for `address` (an IP) that fails verification in exactly one way, even for a client
 * that trusts `trusted`: self-signed, expired (it ended yesterday), issued for another name, or issued by a
 * CA nobody trusts. `name` keeps the files of several apart in one `dir`.
 */
export function createBadCertificate(dir: string, name: string, kind: BadCertificateKind, trusted: TestCa, address: string): TestCertificate {
  mkdirSync(dir, { recursive: true });
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  generateEcKey(keyPath, dir);
  const subject = `/O=Kestrel Mail Tests/CN=${kind} ${name}`;
  const altNames = kind === 'wrong-host' ? 'DNS:wrong-host.kestrel.test' : `IP:${address}`;
  if (kind === 'self-signed') {
    const extensions = serverExtensions(altNames).flatMap((extension) => ['-addext', extension]);
    openssl(['req', '-x509', '-new', '-key', keyPath, '-sha256', '-days', VALIDITY_DAYS, '-subj', subject, ...extensions, '-out', certPath], dir);
    return { certPath, keyPath };
  }
  const issuer = kind === 'unknown-issuer' ? createTestCa(join(dir, `${name}-unknown-ca`)) : trusted;
  const csrPath = join(dir, `${name}.csr`);
  const extPath = join(dir, `${name}.ext`);
  openssl(['req', '-new', '-key', keyPath, '-subj', subject, '-out', csrPath], dir);
  writeFileSync(extPath, [...serverExtensions(altNames), ''].join('\n'));
  openssl(
    [
      'x509',
      '-req',
      '-in',
      csrPath,
      '-CA',
      issuer.caCertPath,
      '-CAkey',
      issuer.caKeyPath,
      '-set_serial',
      `0x${randomSerialHex()}`,
      // -1 makes notAfter a day before notBefore (now): a certificate that expired yesterday.
      '-days',
      kind === 'expired' ? '-1' : VALIDITY_DAYS,
      '-sha256',
      '-extfile',
      extPath,
      '-out',
      certPath,
    ],
    dir,
  );
  return { certPath, keyPath };
}
