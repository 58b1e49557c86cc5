import { chmod, lstat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SecretStorage } from '../../shared/domain/secret-storage';
import { AppFailure, type AppError } from '../../shared/ipc/result';
import { log } from '../log';
import { JsonFile } from './json-file';
import type { SecretStore } from './secret-store';

/** How secrets are sealed before they reach the file: by the OS keychain (Electron) or not at all. */
export interface SecretProtection {
  readonly kind: SecretStorage['kind'];
  /** Why nothing can be sealed now (no usable keychain); null when it can. */
  problem(): Promise<AppError | null>;
  encode(plain: string): Promise<string>;
  decode(stored: string): Promise<string>;
}

/** Browser mode: no keychain is reachable from plain Node, so only the file's permissions protect it. */
export const fileOnlyProtection: SecretProtection = {
  kind: 'file',
  problem: () => Promise.resolve(null),
  encode: (plain) => Promise.resolve(plain),
  decode: (stored) => Promise.resolve(stored),
};

const GROUP_OR_OTHER = 0o077;

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/**
 * Secrets in a file only its owner may read (0600, in a 0700 folder; both created with that mode, never
 * loosened and tightened after). A file or folder found with looser permissions is made private again,
 * with a warning in the log; one that is not a plain file or folder owned by this user is refused.
 */
export class FileSecretStore implements SecretStore {
  private readonly file: JsonFile<Record<string, string>>;
  private privacy: Promise<void> | null = null;
  private wasReadableByOthers = false;

  constructor(
    private readonly path: string,
    private readonly protection: SecretProtection = fileOnlyProtection,
  ) {
    this.file = new JsonFile(path, z.record(z.string(), z.string()), () => ({}));
  }

  async storage(): Promise<SecretStorage> {
    try {
      await this.ensurePrivate();
    } catch (error) {
      if (error instanceof AppFailure) return { kind: this.protection.kind, problem: error.appError, notice: null };
      throw error;
    }
    return {
      kind: this.protection.kind,
      problem: await this.protection.problem(),
      notice: this.wasReadableByOthers
        ? 'Your password file could be read by other users of this computer; Kestrel has made it private. If others use this computer, change your mail password.'
        : null,
    };
  }

  async get(accountId: string): Promise<string | null> {
    await this.ensurePrivate();
    const stored = (await this.file.read())[accountId];
    if (stored === undefined) return null;
    await this.refuseWhileUnprotected();
    return this.protection.decode(stored);
  }

  async set(accountId: string, secret: string): Promise<void> {
    await this.ensurePrivate();
    await this.refuseWhileUnprotected();
    const stored = await this.protection.encode(secret);
    await this.file.update((all) => ({ ...all, [accountId]: stored }));
  }

  async delete(accountId: string): Promise<void> {
    await this.ensurePrivate();
    await this.file.update((all) => Object.fromEntries(Object.entries(all).filter(([id]) => id !== accountId)));
  }

  private async refuseWhileUnprotected(): Promise<void> {
    const problem = await this.protection.problem();
    if (problem !== null) throw new AppFailure(problem);
  }

  /** Checked once per store: the folder and the file are this user's alone before a secret is read or written. */
  private ensurePrivate(): Promise<void> {
    // Windows has no mode bits to check: the file inherits the user profile's ACL.
    if (process.platform === 'win32') return Promise.resolve();
    this.privacy ??= (async () => {
      await makePrivate(dirname(this.path), 'directory', 0o700);
      if (await makePrivate(this.path, 'file', 0o600)) this.wasReadableByOthers = true;
    })();
    // A failed check is tried again next time rather than remembered.
    this.privacy.catch(() => {
      this.privacy = null;
    });
    return this.privacy;
  }
}

/** Resolves true when the file or folder was readable by others and has just been made private. */
async function makePrivate(path: string, kind: 'file' | 'directory', mode: number): Promise<boolean> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    // Not there yet: it is created with its private mode when the first secret is written.
    if (isMissing(error)) return false;
    throw error;
  }
  const rightKind = kind === 'file' ? stats.isFile() : stats.isDirectory();
  const ownUid = process.getuid?.();
  if (!rightKind || (ownUid !== undefined && stats.uid !== ownUid)) {
    log.error('secrets.unsafe_location', { kind });
    throw new AppFailure({
      code: 'STORAGE_FAILED',
      message: `Kestrel did not use its password file: ${path} is not a ${kind} of your own. Move it away and add the account again.`,
    });
  }
  if ((stats.mode & GROUP_OR_OTHER) === 0) return false;
  await chmod(path, mode);
  // Other users of this computer may have read it already: the log says so, in case the user wants to change the password.
  log.warn('secrets.permissions_fixed', { kind, was: (stats.mode & 0o777).toString(8), now: mode.toString(8) });
  return true;
}
