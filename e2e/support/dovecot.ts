import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect as netConnect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { ImapFlow } from 'imapflow';
import type { TestCa } from './certs';
import { ensureInstalled, findExecutable, isRoot } from './system-packages';
import { rememberTestSecret } from './secret-scan';

export type DovecotCapabilities = 'full' | 'no-condstore';

/** Everything a test worker needs to use a running server; plain data so `provide`/`inject` can carry it. */
export interface DovecotInfo {
  host: '127.0.0.1';
  tlsPort: number;
  starttlsPort: number;
  capabilities: DovecotCapabilities;
  dir: string;
  configPath: string;
  /** Directory of passwd-files, one per user (see createUser). */
  passwdPath: string;
  logPath: string;
  caCertPath: string;
  homeRoot: string;
  mailUid: number;
  mailGid: number;
  /** Group of Dovecot's auth process, which reads the per-user passwd-files. */
  authGid: number;
  /** The extra listeners asked for in StartDovecotOptions, by name. */
  extraTlsListeners: Record<string, { host: string; port: number }>;
}

/** A listener on a loopback address of its own, presenting a certificate of its own. */
export interface ExtraTlsListener {
  name: string;
  /** A plain listener that offers STARTTLS (with this certificate) instead of implicit TLS. */
  starttls?: boolean;
  /** A 127.x.y.z address other than 127.0.0.1: Dovecot picks the certificate by the address connected to. */
  address: string;
  certPath: string;
  keyPath: string;
}

export interface DovecotServer {
  readonly info: DovecotInfo;
  readonly running: boolean;
  /** Starts the stopped server again on the same ports with the same data. */
  start(): Promise<void>;
  /** Stops the server and waits until both ports refuse connections. */
  stop(): Promise<void>;
  /** Stops the server and removes its directory. */
  dispose(): Promise<void>;
}

/** SASL mechanisms for OAuth2 bearer tokens; imapflow uses OAUTHBEARER when offered, else XOAUTH2. */
export type OAuthMechanism = 'xoauth2' | 'oauthbearer';

/** Lets users sign in with access tokens, which Dovecot checks with an RFC 7662 introspection endpoint. */
export interface DovecotOAuth2 {
  /** POSTed `token=<access token>`; answers `{ active, username }` (see e2e/support/oauth-server.ts). */
  introspectionUrl: string;
  mechanisms: OAuthMechanism[];
}

export interface StartDovecotOptions {
  capabilities?: DovecotCapabilities;
  /** Adds Dovecot's oauth2 passdb beside the password one; servers without it are configured as before. */
  oauth2?: DovecotOAuth2;
  /** Parent of the server's fresh temp dir; defaults to the OS temp dir. */
  rootDir?: string;
  ca?: TestCa;
  /**
   * Accepts LOGIN without TLS on the plain port (disable_plaintext_auth = no), for the plain-text opt-in.
   * Only for a server of one's own: the shared test servers never allow it.
   */
  plaintextLogins?: boolean;
  extraTlsListeners?: readonly ExtraTlsListener[];
}

export interface TestUser {
  username: string;
  password: string;
  email: string;
}

export type MessageInput = string | Buffer | { raw: string | Buffer; flags?: string[]; internalDate?: Date };

const HOST = '127.0.0.1';
const EMAIL_DOMAIN = 'kestrel.test';
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;

/**
 * Dovecot 2.3.19's default post-login capability list, less CONDSTORE, QRESYNC and MOVE: an older
 * server, on which the engine re-reads flags and moves with COPY, \Deleted and UID EXPUNGE.
 */
const NO_CONDSTORE_CAPABILITY = [
  'IMAP4rev1',
  'SASL-IR',
  'LOGIN-REFERRALS',
  'ID',
  'ENABLE',
  'IDLE',
  'SORT',
  'SORT=DISPLAY',
  'THREAD=REFERENCES',
  'THREAD=REFS',
  'THREAD=ORDEREDSUBJECT',
  'MULTIAPPEND',
  'URL-PARTIAL',
  'CATENATE',
  'UNSELECT',
  'CHILDREN',
  'NAMESPACE',
  'UIDPLUS',
  'LIST-EXTENDED',
  'I18NLEVEL=1',
  'ESEARCH',
  'ESORT',
  'SEARCHRES',
  'WITHIN',
  'CONTEXT=SEARCH',
  'LIST-STATUS',
  'BINARY',
  'SNIPPET=FUZZY',
  'PREVIEW=FUZZY',
  'PREVIEW',
  'STATUS=SIZE',
  'SAVEDATE',
  'LITERAL+',
  'NOTIFY',
  'SPECIAL-USE',
].join(' ');

const SPECIAL_USE_MAILBOXES: ReadonlyArray<readonly [name: string, flag: string]> = [
  ['Drafts', '\\Drafts'],
  ['Sent', '\\Sent'],
  ['Trash', '\\Trash'],
  ['Junk', '\\Junk'],
  ['Archive', '\\Archive'],
];

// ---------------------------------------------------------------------------------------------
// Installation

/** Makes sure dovecot, doveadm and openssl exist, installing them as root. */
export function ensureDovecotInstalled(): void {
  ensureInstalled('The tests need a real IMAP server (Dovecot) and openssl.', [
    { executable: 'dovecot', debianPackage: 'dovecot-imapd' },
    { executable: 'doveadm', debianPackage: 'dovecot-imapd' },
    { executable: 'openssl', debianPackage: 'openssl' },
  ]);
}

function dovecotBinary(): string {
  const path = existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : findExecutable('dovecot');
  if (!path) throw new Error('dovecot is not installed; call ensureDovecotInstalled() first');
  return path;
}

function doveadmBinary(): string {
  const path = findExecutable('doveadm');
  if (!path) throw new Error('doveadm is not installed; call ensureDovecotInstalled() first');
  return path;
}

// ---------------------------------------------------------------------------------------------
// Accounts and privileges

interface SystemAccount {
  name: string;
  uid: number;
  gid: number;
}

function lookupAccount(name: string): SystemAccount | undefined {
  const result = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
  const fields = result.status === 0 ? result.stdout.trim().split(':') : [];
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  if (fields.length < 4 || !Number.isInteger(uid) || !Number.isInteger(gid)) return undefined;
  return { name, uid, gid };
}

interface Privileges {
  /** Owner of every mail file; never root, because Dovecot refuses to serve mail as root. */
  mail: SystemAccount;
  loginUser: string;
  internalUser: string;
}

function resolvePrivileges(): Privileges {
  if (!isRoot()) {
    // Unprivileged Dovecot cannot switch users, so everything runs as us.
    const me = userInfo();
    const account = { name: me.username, uid: me.uid, gid: me.gid };
    return { mail: account, loginUser: me.username, internalUser: me.username };
  }
  // `mail` (uid 8 on Debian) is a dedicated unprivileged account that no daemon of Dovecot runs as,
  // so mail files never share an owner with the login or auth processes.
  const mail = lookupAccount('mail') ?? lookupAccount('nobody');
  if (!mail) throw new Error('No unprivileged "mail" or "nobody" account exists to own test mail');
  for (const required of ['dovenull', 'dovecot']) {
    if (!lookupAccount(required)) {
      throw new Error(`System user "${required}" is missing; reinstall dovecot-core (sudo apt-get install --reinstall dovecot-core)`);
    }
  }
  return { mail, loginUser: 'dovenull', internalUser: 'dovecot' };
}

// ---------------------------------------------------------------------------------------------
// Config

interface ConfigInput {
  dir: string;
  ca: TestCa;
  capabilities: DovecotCapabilities;
  tlsPort: number;
  starttlsPort: number;
  privileges: Privileges;
  passwdDir: string;
  homeRoot: string;
  logPath: string;
  plaintextLogins: boolean;
  extraTlsListeners: ReadonlyArray<ExtraTlsListener & { port: number }>;
  oauth2?: DovecotOAuth2;
}

function assertConfigSafePath(path: string): string {
  // Paths go into the config unquoted (the `<file` syntax does not take quotes).
  if (!/^[\w./+-]+$/.test(path)) throw new Error(`Path not usable in a Dovecot config: ${path}`);
  return path;
}

/** Only tokens go this way: passwords keep using the passwd-file passdb. */
function oauth2Passdb(oauth2: DovecotOAuth2, dir: string): string {
  return `passdb {
  driver = oauth2
  mechanisms = ${oauth2.mechanisms.join(' ')}
  args = ${assertConfigSafePath(join(dir, 'dovecot-oauth2.conf.ext'))}
}
`;
}

/**
 * Dovecot 2.3's oauth2 passdb settings: every token is introspected (POST, RFC 7662) at the test OAuth
 * server, over TLS with the test CA, and the introspected username must be the one logging in.
 */
function renderOAuth2Config(oauth2: DovecotOAuth2, caCertPath: string): string {
  if (!/^https:\/\/[\w.:-]+\/[\w/-]*$/.test(oauth2.introspectionUrl)) throw new Error(`Introspection URL not usable: ${oauth2.introspectionUrl}`);
  return `introspection_mode = post
introspection_url = ${oauth2.introspectionUrl}
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
tls_ca_cert_file = ${assertConfigSafePath(caCertPath)}
`;
}

function renderConfig(input: ConfigInput): string {
  const { dir, ca, privileges } = input;
  const p = assertConfigSafePath;
  const mailboxes = SPECIAL_USE_MAILBOXES.map(([name, flag]) => `  mailbox ${name} {\n    special_use = ${flag}\n    auto = subscribe\n  }`).join(
    '\n',
  );
  const capabilityLine = input.capabilities === 'no-condstore' ? `imap_capability = ${NO_CONDSTORE_CAPABILITY}` : '# imap_capability: default list';
  const unprivilegedServices = isRoot()
    ? ''
    : // chroot needs root; without it the login process simply runs in place.
      'service imap-login {\n  chroot =\n}\nservice auth {\n  user = $default_internal_user\n}\n';
  const plaintext = input.plaintextLogins
    ? `# This server accepts passwords in clear text on the plain port, for the plain-text opt-in: every
# connection looks in passwd/TLS/, whatever %{secured} would say.
disable_plaintext_auth = no`
    : `# Loopback counts as "secured" in Dovecot, so disable_plaintext_auth alone would still accept a
# LOGIN over the plain port; the passdb files below live under passwd/TLS/, which only a
# connection with %{secured}=TLS looks in (plain loopback expands to passwd/secured/).
disable_plaintext_auth = yes`;
  const passwdLookup = input.plaintextLogins ? `${p(input.passwdDir)}/TLS/%u` : `${p(input.passwdDir)}/%{secured}/%u`;
  const extraCertificates = input.extraTlsListeners
    .map((listener) => `local ${p(listener.address)} {\n  ssl_cert = <${p(listener.certPath)}\n  ssl_key = <${p(listener.keyPath)}\n}\n`)
    .join('');
  const extraListeners = input.extraTlsListeners
    .map(
      (listener) =>
        `  inet_listener ${p(listener.name)} {\n    address = ${p(listener.address)}\n    port = ${String(listener.port)}\n    ssl = ${listener.starttls === true ? 'no' : 'yes'}\n  }\n`,
    )
    .join('');
  return `# Generated by e2e/support/dovecot.ts; self-contained, nothing from /etc/dovecot.
protocols = imap
listen = ${HOST}
base_dir = ${p(join(dir, 'run'))}
state_dir = ${p(join(dir, 'state'))}
instance_name = ${p(instanceNameFor(dir))}
shutdown_clients = yes
log_path = ${p(input.logPath)}
verbose_proctitle = no
auth_verbose = yes
auth_verbose_passwords = no
auth_mechanisms = plain login${input.oauth2 === undefined ? '' : ` ${input.oauth2.mechanisms.join(' ')}`}
${plaintext}
ssl = yes
ssl_cert = <${p(ca.serverCertPath)}
ssl_key = <${p(ca.serverKeyPath)}
ssl_min_protocol = TLSv1.2
default_login_user = ${privileges.loginUser}
default_internal_user = ${privileges.internalUser}
mail_uid = ${privileges.mail.uid}
mail_gid = ${privileges.mail.gid}
first_valid_uid = ${privileges.mail.uid}
first_valid_gid = ${privileges.mail.gid}
mail_location = maildir:~/Maildir
mail_max_userip_connections = 200
# Every test logs in from 127.0.0.1, so one wrong-password test would otherwise delay every
# later login of the run (2-15s, anvil's per-IP auth penalty; login_trusted_networks does not stop
# it in 2.3.19). The penalty disables itself when auth cannot reach this socket: see the anvil service.
auth_failure_delay = 0
${capabilityLine}

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwdLookup}
}
${input.oauth2 === undefined ? '' : oauth2Passdb(input.oauth2, dir)}userdb {
  driver = static
  # allow_all_users: doveadm has no TLS session, so the %{secured} passdb cannot vouch for users.
  args = allow_all_users=yes home=${p(input.homeRoot)}/%u
}

namespace inbox {
  inbox = yes
  separator = /
${mailboxes}
}

service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${input.starttlsPort}
  }
  inet_listener imaps {
    address = ${HOST}
    port = ${input.tlsPort}
    ssl = yes
  }
${extraListeners}}
${extraCertificates}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
${unprivilegedServices}`;
}

// ---------------------------------------------------------------------------------------------
// Ports and readiness

async function freePorts(count: number): Promise<number[]> {
  // All listeners stay open until every port is known, so the ports are distinct.
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, HOST, () => {
          resolve(server);
        });
      });
    }),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('Unexpected listener address');
    return address.port;
  });
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        ),
    ),
  );
  return ports;
}

type Probe = 'greeting' | 'refused';

/** Thrown from a poll check to stop polling at once (e.g. the process died). */
function instanceNameFor(dir: string): string {
  return `kestrel-${dir.split('/').pop() ?? 'dovecot'}`;
}

class FatalPollError extends Error {}

/** Resolves 'greeting' once an IMAP `* OK` arrives, 'refused' if nothing listens, rejects otherwise. */
function probePort(port: number, tls: boolean, ca: Buffer): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const socket: Socket = tls ? tlsConnect({ host: HOST, port, ca: [ca] }) : netConnect({ host: HOST, port });
    let received = '';
    const finish = (result: Probe | Error): void => {
      socket.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    socket.setTimeout(2_000, () => {
      finish(new Error(`no greeting on port ${port} within 2s`));
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) {
        finish(received.startsWith('* OK') ? 'greeting' : new Error(`unexpected greeting: ${received.trim()}`));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ECONNREFUSED' ? 'refused' : error);
    });
    socket.on('end', () => {
      finish(new Error(`port ${port} closed before a greeting`));
    });
  });
}

async function pollUntil(description: string, timeoutMs: number, check: () => Promise<boolean>, diagnostics: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  let delay = 10;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      if (error instanceof FatalPollError) throw error;
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs}ms waiting for ${description}${lastError ? ` (last error: ${lastError})` : ''}\n${diagnostics()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 200);
  }
}

// ---------------------------------------------------------------------------------------------
// Server lifecycle

class PortInUseError extends FatalPollError {}

class DovecotProcess implements DovecotServer {
  private child: ChildProcess | undefined;
  private output = '';
  private readonly killOnExit = (): void => {
    this.child?.kill('SIGTERM');
  };

  constructor(
    readonly info: DovecotInfo,
    private readonly ca: Buffer,
  ) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    if (this.child) return;
    this.output = '';
    const child = spawn(dovecotBinary(), ['-F', '-c', this.info.configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    // If the test process dies without stopping us, Dovecot must not outlive it holding the ports.
    process.once('exit', this.killOnExit);
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    let exitCode: number | null | undefined;
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      if (this.child === child) this.forget();
    });

    try {
      await pollUntil(
        `Dovecot to greet on ${HOST}:${this.info.tlsPort} (TLS) and ${HOST}:${this.info.starttlsPort} (STARTTLS)`,
        START_TIMEOUT_MS,
        async () => {
          if (exitCode !== undefined) {
            const diagnostics = this.diagnostics();
            if (/Address already in use/i.test(diagnostics)) throw new PortInUseError(diagnostics);
            throw new FatalPollError(`dovecot exited with code ${String(exitCode)}\n${diagnostics}`);
          }
          const [tls, plain] = await Promise.all([probePort(this.info.tlsPort, true, this.ca), probePort(this.info.starttlsPort, false, this.ca)]);
          return tls === 'greeting' && plain === 'greeting';
        },
        () => this.diagnostics(),
      );
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child) {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else
          child.once('exit', () => {
            resolve();
          });
      });
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      this.forget();
    }
    // Client sessions (imap, imap-login) outlive the master here despite shutdown_clients, which would
    // leave "stopped" servers answering their open connections. They carry the instance name in their
    // process title, which is unique to this server.
    const sessions = `^dovecot-${instanceNameFor(this.info.dir)}/`;
    spawnSync('pkill', ['-KILL', '-f', sessions]);
    await pollUntil(
      'client sessions to end',
      STOP_TIMEOUT_MS,
      () => Promise.resolve(spawnSync('pgrep', ['-f', sessions]).status === 1),
      () => this.diagnostics(),
    );
    // Login processes close their inherited listeners a moment after the master exits.
    await pollUntil(
      `ports ${this.info.tlsPort} and ${this.info.starttlsPort} to close`,
      STOP_TIMEOUT_MS,
      async () => (await Promise.all([this.isClosed(this.info.tlsPort), this.isClosed(this.info.starttlsPort)])).every(Boolean),
      () => this.diagnostics(),
    );
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.info.dir, { recursive: true, force: true });
  }

  private async isClosed(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = netConnect({ host: HOST, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => {
        resolve(true);
      });
    });
  }

  private forget(): void {
    this.child = undefined;
    process.off('exit', this.killOnExit);
  }

  private diagnostics(): string {
    return `--- dovecot output ---\n${this.output}\n--- ${this.info.logPath} ---\n${readLog(this.info)}`;
  }
}

/**
 * Mail processes run as the mail uid and must reach their homes under `rootDir`. The caller's
 * rootDir (often a 0700 mkdtemp) is opened for traversal; an ancestor we do not own is an error.
 */
function ensureTraversable(rootDir: string): void {
  if (!isRoot()) return;
  const mode = statSync(rootDir).mode;
  if ((mode & 0o001) === 0) chmodSync(rootDir, (mode & 0o7777) | 0o711);
  for (let path = dirname(rootDir); ; path = dirname(path)) {
    if ((statSync(path).mode & 0o001) === 0) {
      throw new Error(`${path} is not traversable by others (o+x); the unprivileged mail user cannot reach ${rootDir}`);
    }
    if (path === dirname(path)) break;
  }
}

/**
 * Starts a private Dovecot on 127.0.0.1 with an implicit-TLS port and a STARTTLS port, its own
 * base_dir/state_dir/config under a fresh temp dir, so any number can run beside each other and
 * beside a system Dovecot.
 */
export async function startDovecot(options: StartDovecotOptions = {}): Promise<DovecotServer> {
  const capabilities = options.capabilities ?? 'full';
  const privileges = resolvePrivileges();
  const rootDir = options.rootDir ?? tmpdir();
  mkdirSync(rootDir, { recursive: true });
  ensureTraversable(rootDir);
  const dir = mkdtempSync(join(rootDir, `kestrel-dovecot-${capabilities}-`));
  // Dovecot's unprivileged processes must be able to traverse into it.
  chmodSync(dir, 0o755);
  const ca = options.ca ?? (await import('./certs')).createTestCa(join(dir, 'ca'));

  const homeRoot = join(dir, 'home');
  const passwdDir = join(dir, 'passwd');
  mkdirSync(homeRoot, { mode: 0o755 });
  mkdirSync(passwdDir, { mode: 0o755 });
  const passwdPath = join(passwdDir, 'TLS');
  mkdirSync(passwdPath, { mode: 0o755 });
  // The auth process reads the files as the internal user; nobody else needs to.
  const authGid = lookupAccount(privileges.internalUser)?.gid ?? privileges.mail.gid;
  const logPath = join(dir, 'dovecot.log');
  const configPath = join(dir, 'dovecot.conf');

  const requestedListeners = options.extraTlsListeners ?? [];
  for (let attempt = 1; ; attempt++) {
    const [tlsPort, starttlsPort, ...extraPorts] = await freePorts(2 + requestedListeners.length);
    if (tlsPort === undefined || starttlsPort === undefined) throw new Error('Could not allocate ports');
    const extraTlsListeners = requestedListeners.map((listener, index) => ({ ...listener, port: extraPorts[index] ?? 0 }));
    writeFileSync(
      configPath,
      renderConfig({
        dir,
        ca,
        capabilities,
        tlsPort,
        starttlsPort,
        privileges,
        passwdDir,
        homeRoot,
        logPath,
        plaintextLogins: options.plaintextLogins === true,
        extraTlsListeners,
        oauth2: options.oauth2,
      }),
    );
    if (options.oauth2 !== undefined) {
      // Dovecot's auth process (the internal user) cannot read the CA's own folder.
      const caCopy = join(dir, 'oauth2-ca.crt');
      writeFileSync(caCopy, readFileSync(ca.caCertPath), { mode: 0o644 });
      writeFileSync(join(dir, 'dovecot-oauth2.conf.ext'), renderOAuth2Config(options.oauth2, caCopy), { mode: 0o644 });
    }
    const info: DovecotInfo = {
      host: HOST,
      tlsPort,
      starttlsPort,
      capabilities,
      dir,
      configPath,
      passwdPath,
      logPath,
      caCertPath: ca.caCertPath,
      homeRoot,
      mailUid: privileges.mail.uid,
      mailGid: privileges.mail.gid,
      authGid,
      extraTlsListeners: Object.fromEntries(extraTlsListeners.map((listener) => [listener.name, { host: listener.address, port: listener.port }])),
    };
    const server = new DovecotProcess(info, readFileSync(ca.caCertPath));
    try {
      await server.start();
      return server;
    } catch (error) {
      // Another process may grab a port between our probe and Dovecot's bind; pick new ones.
      if (error instanceof PortInUseError && attempt < PORT_ATTEMPTS) continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Worker-side helpers: these need only the DovecotInfo

export function readLog(info: DovecotInfo): string {
  try {
    return readFileSync(info.logPath, 'utf8');
  } catch {
    return '';
  }
}

/** Polls the log until `pattern` matches (Dovecot writes logout lines after the client is gone). */
export async function waitForLog(info: DovecotInfo, pattern: RegExp, timeoutMs = 5_000): Promise<RegExpMatchArray> {
  await pollUntil(
    `log line ${String(pattern)}`,
    timeoutMs,
    () => Promise.resolve(pattern.test(readLog(info))),
    () => '',
  );
  const match = readLog(info).match(pattern);
  if (match === null) throw new Error(`The log line ${String(pattern)} went away`);
  return match;
}

function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Adds a fresh user (unique name per call). Each user gets a passwd-file of its own, because
 * Dovecot 2.3's auth process stats a known passwd-file at most once per wall-clock second: a line
 * appended to a shared file in the same second as a lookup stays "unknown user" for up to a second.
 * A file never looked up before is read on first use, so the user can log in at once.
 */
/** `password` sets a known one (the secret-leak checks grep for it); by default a random one. */
export function createUser(info: DovecotInfo, name = 'user', password = randomBytes(12).toString('base64url')): Promise<TestUser> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) throw new Error(`Invalid user name prefix: ${name}`);
  if (!/^[A-Za-z0-9._-]+$/.test(password)) throw new Error('A test password holds only letters, digits, dots, dashes and underscores.');
  const username = `${name}-${randomSuffix()}`.toLowerCase();
  rememberTestSecret(password);
  const home = join(info.homeRoot, username);
  mkdirSync(home, { mode: 0o700 });
  if (isRoot()) chownSync(home, info.mailUid, info.mailGid);
  // Written whole under a temp name and renamed, so Dovecot never reads a half-written file.
  const file = join(info.passwdPath, username);
  writeFileSync(`${file}.tmp`, `${username}:{PLAIN}${password}::::::\n`, { mode: 0o640 });
  if (isRoot()) chownSync(`${file}.tmp`, 0, info.authGid);
  renameSync(`${file}.tmp`, file);
  return Promise.resolve({ username, password, email: `${username}@${EMAIL_DOMAIN}` });
}

export interface ClientOptions {
  /** `'tls'` (default) for the implicit-TLS port, `'starttls'` for the plain port upgraded with STARTTLS. */
  transport?: 'tls' | 'starttls';
}

/** An ImapFlow client for the user, connected and logged in: the "other device" in tests. */
export async function imapClientFor(info: DovecotInfo, user: TestUser, options: ClientOptions = {}): Promise<ImapFlow> {
  const starttls = options.transport === 'starttls';
  const client = new ImapFlow({
    host: info.host,
    port: starttls ? info.starttlsPort : info.tlsPort,
    secure: !starttls,
    doSTARTTLS: starttls ? true : undefined,
    auth: { user: user.username, pass: user.password },
    // Explicit trust in the test CA, verification stays on; works even without NODE_EXTRA_CA_CERTS.
    tls: { ca: [readFileSync(info.caCertPath)] },
    logger: false,
    disableAutoIdle: true,
  });
  await client.connect();
  return client;
}

function normalizeInput(message: MessageInput): { raw: string | Buffer; flags?: string[]; internalDate?: Date } {
  return typeof message === 'string' || Buffer.isBuffer(message) ? { raw: message } : message;
}

async function ensureMailbox(client: ImapFlow, mailbox: string): Promise<void> {
  const existing = await client.list();
  if (!existing.some((entry) => entry.path === mailbox)) await client.mailboxCreate(mailbox);
}

/** Appends over IMAP (APPEND) like another client would; returns the UIDs in order. */
export async function appendMessages(info: DovecotInfo, user: TestUser, mailbox: string, messages: MessageInput[]): Promise<number[]> {
  const client = await imapClientFor(info, user);
  try {
    await ensureMailbox(client, mailbox);
    const uids: number[] = [];
    for (const message of messages) {
      const { raw, flags, internalDate } = normalizeInput(message);
      const result = await client.append(mailbox, raw, flags, internalDate);
      if (!result || result.uid === undefined) throw new Error(`APPEND to ${mailbox} returned no UID`);
      uids.push(result.uid);
    }
    return uids;
  } finally {
    await client.logout();
  }
}

const MBOX_EPOCH = Date.UTC(2020, 0, 1);

function mboxFromLine(date: Date): string {
  // asctime() format, which is what Dovecot parses for the received date.
  const [weekday, day, month, year, time] = date.toUTCString().replace(',', '').split(' ').filter(Boolean);
  const asctimeDay = String(Number(day)).padStart(2, ' ');
  return `From MAILER-DAEMON ${weekday} ${month} ${asctimeDay} ${time} ${year}\n`;
}

/**
 * One mbox entry. Dovecot honours a Content-Length header that lands exactly on the next `From `
 * line, and then neither needs nor undoes `>From ` quoting; it also hides that header from IMAP.
 * So bodies containing `From ` lines round-trip byte for byte, which `>From ` quoting (mboxo,
 * never unquoted by Dovecot) would not.
 */
function mboxEntry(raw: string | Buffer, receivedAt: Date): Buffer {
  const lf = Buffer.from(
    Buffer.isBuffer(raw) ? raw.toString('latin1').replace(/\r\n/g, '\n') : raw.replace(/\r\n/g, '\n'),
    Buffer.isBuffer(raw) ? 'latin1' : 'utf8',
  );
  const text = lf.toString('latin1');
  const headerEnd = text.indexOf('\n\n');
  const headerLength = headerEnd === -1 ? text.length : headerEnd + 1;
  const header = text
    .slice(0, headerLength)
    .replace(/^(?:Content-Length|Status|X-Status|X-Keywords|X-UID|X-IMAP|X-IMAPbase):.*\n(?:[ \t].*\n)*/gim, '');
  let body = headerEnd === -1 ? '' : text.slice(headerEnd + 2);
  if (body.length > 0 && !body.endsWith('\n')) body += '\n';
  const entry = `${mboxFromLine(receivedAt)}${header}Content-Length: ${Buffer.byteLength(body, 'latin1')}\n\n${body}\n`;
  return Buffer.from(entry, 'latin1');
}

function mboxPathFor(sourceDir: string, mailbox: string): string {
  if (!/^[\x20-\x7e]+$/.test(mailbox) || mailbox.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`importMessages supports printable ASCII mailbox names only, got ${JSON.stringify(mailbox)}`);
  }
  return mailbox.toUpperCase() === 'INBOX' ? join(sourceDir, '.inbox') : join(sourceDir, ...mailbox.split('/'));
}

/**
 * Bulk-seeds a mailbox through `doveadm import` from a generated mbox: thousands of messages in
 * about a second, UIDs in array order, received dates one second apart from 2020-01-01.
 * doveadm looks the user up in the userdb and drops to the mail uid, so files get the right owner.
 */
export function importMessages(info: DovecotInfo, user: TestUser, mailbox: string, raws: Array<string | Buffer>): Promise<void> {
  const sourceDir = mkdtempSync(join(info.dir, 'import-'));
  try {
    chmodSync(sourceDir, 0o700);
    const mboxPath = mboxPathFor(sourceDir, mailbox);
    mkdirSync(dirname(mboxPath), { recursive: true });
    writeFileSync(mboxPath, Buffer.concat(raws.map((raw, index) => mboxEntry(raw, new Date(MBOX_EPOCH + index * 1000)))));
    if (isRoot()) chownRecursive(sourceDir, mboxPath, info.mailUid, info.mailGid);
    const location = `mbox:${sourceDir}:INBOX=${join(sourceDir, '.inbox')}:INDEX=MEMORY`;
    const sourceName = mailbox.toUpperCase() === 'INBOX' ? 'INBOX' : mailbox;
    try {
      execFileSync(doveadmBinary(), ['-c', info.configPath, 'import', '-u', user.username, location, '', 'mailbox', sourceName, 'all'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`doveadm import into ${mailbox} failed: ${stderr.trim() || String(error)}`, { cause: error });
    }
  } finally {
    rmSync(sourceDir, { recursive: true, force: true });
  }
  return Promise.resolve();
}

function chownRecursive(root: string, leaf: string, uid: number, gid: number): void {
  for (let path = leaf; path.startsWith(root); path = dirname(path)) {
    chownSync(path, uid, gid);
    if (path === root) break;
  }
}

/** Runs a doveadm mailbox command for the user, as an administrator would on the server. */
export function doveadmMailbox(info: DovecotInfo, user: TestUser, args: string[]): void {
  const [verb, ...rest] = args;
  if (verb === undefined) throw new Error('doveadmMailbox needs a verb such as delete or create');
  try {
    execFileSync(doveadmBinary(), ['-c', info.configPath, 'mailbox', verb, '-u', user.username, ...rest], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`doveadm mailbox ${args.join(' ')} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}
