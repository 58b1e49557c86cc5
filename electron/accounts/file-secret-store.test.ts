import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppFailure } from '../../shared/ipc/result';
import { FileSecretStore, type SecretProtection } from './file-secret-store';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the password file', () => {
  let root: string;
  let previousUmask: number;
  let stderr: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kestrel-secrets-'));
    // With no umask to narrow them, only the modes Kestrel asks for at creation decide who can read.
    previousUmask = process.umask(0);
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.umask(previousUmask);
    rmSync(root, { recursive: true, force: true });
  });

  it('is created 0600 in a folder created 0700, even with umask 0', async () => {
    const dir = join(root, 'config', 'kestrel');
    const store = new FileSecretStore(join(dir, 'secrets.json'));
    await store.set('a', 'first');
    await store.set('b', 'second');
    expect(modeOf(join(root, 'config'))).toBe(0o700);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, 'secrets.json'))).toBe(0o600);
    expect(await store.get('a')).toBe('first');
    expect(await store.storage()).toEqual({ kind: 'file', problem: null, notice: null });
    expect(stderr).toBe('');
  });

  it('makes a world-readable file and folder private again before using them, and says so in the log', async () => {
    const dir = join(root, 'data');
    mkdirSync(dir, { mode: 0o755 });
    const file = join(dir, 'secrets.json');
    writeFileSync(file, JSON.stringify({ old: 'kept' }), { mode: 0o644 });
    const store = new FileSecretStore(file);
    expect((await store.storage()).notice).toMatch(/could be read by other users.*change your mail password/);
    expect(await store.get('old')).toBe('kept');
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    const warnings = stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; event: string; kind: string; was: string });
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'warn', event: 'secrets.permissions_fixed', kind: 'directory', was: '755' }),
      expect.objectContaining({ level: 'warn', event: 'secrets.permissions_fixed', kind: 'file', was: '644' }),
    ]);
    expect(stderr).not.toContain('kept');
  });

  it('refuses a password file that is a link to somewhere else', async () => {
    const elsewhere = join(root, 'elsewhere.json');
    writeFileSync(elsewhere, '{}', { mode: 0o600 });
    symlinkSync(elsewhere, join(root, 'secrets.json'));
    const store = new FileSecretStore(join(root, 'secrets.json'));
    expect((await store.storage()).problem?.code).toBe('STORAGE_FAILED');
    const error: unknown = await store.set('a', 'secret').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppFailure);
    expect((error as AppFailure).appError.code).toBe('STORAGE_FAILED');
    expect((error as AppFailure).appError.message).toContain('is not a file of your own');
    expect(readFileSync(elsewhere, 'utf8')).toBe('{}');
  });

  it('keeps a new password private when the old file was replaced', async () => {
    const file = join(root, 'secrets.json');
    const store = new FileSecretStore(file);
    await store.set('a', 'one');
    // Rewrites go through a new file renamed over the old one: its mode is the one it was created with.
    chmodSync(file, 0o600);
    await store.set('a', 'two');
    expect(modeOf(file)).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 'two' });
  });
});

describe('a secret store whose keychain is unavailable', () => {
  let root: string;
  const problem = { code: 'STORAGE_FAILED' as const, message: 'No keychain.' };
  const unavailable: SecretProtection = {
    kind: 'keychain',
    problem: () => Promise.resolve(problem),
    encode: () => Promise.reject(new Error('must not be called')),
    decode: () => Promise.reject(new Error('must not be called')),
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kestrel-secrets-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses to store, with the reason the UI shows, and writes nothing', async () => {
    const store = new FileSecretStore(join(root, 'secrets.json'), unavailable);
    expect(await store.storage()).toEqual({ kind: 'keychain', problem, notice: null });
    const error: unknown = await store.set('a', 'secret').catch((caught: unknown) => caught);
    expect((error as AppFailure).appError).toEqual(problem);
    expect(() => statSync(join(root, 'secrets.json'))).toThrow();
  });
});
