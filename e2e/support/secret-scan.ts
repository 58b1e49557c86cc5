import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * A password no real text contains, so that finding it anywhere means it leaked (a random one could also
 * be short enough to turn up by chance in a compressed file).
 */
export function canaryPassword(): string {
  return `KestrelCanary-${randomBytes(12).toString('hex')}-NeverStored`;
}

/**
 * The byte strings that give the secret away: as written, as UTF-16 (how V8 and Chromium may store
 * strings), and base64 at each of the three offsets it can sit at inside a longer encoded string (an
 * AUTHENTICATE PLAIN line, a serialized blob), in both alphabets.
 */
export function secretForms(secret: string): Array<{ name: string; bytes: Buffer }> {
  const forms = [
    { name: 'plain', bytes: Buffer.from(secret, 'utf8') },
    { name: 'utf-16le', bytes: Buffer.from(secret, 'utf16le') },
  ];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.from(`${'\0'.repeat(offset)}${secret}`, 'utf8').toString('base64');
    // Only whole groups of the secret's own bytes: the first group mixes in the prefix, the last the suffix.
    const stable = encoded.slice(offset === 0 ? 0 : 4, -4);
    forms.push({ name: `base64@${offset}`, bytes: Buffer.from(stable) });
    forms.push({ name: `base64url@${offset}`, bytes: Buffer.from(stable.replaceAll('+', '-').replaceAll('/', '_')) });
  }
  return forms;
}

const remembered = new Set<string>();

/** Every test password made in this process (createUser does it), for the checks that none leaked. */
export function rememberTestSecret(secret: string): void {
  remembered.add(secret);
}

export function testSecrets(): readonly string[] {
  return [...remembered];
}

export interface Finding {
  /** The file, relative to the scanned folder, or the label of a text. */
  where: string;
  form: string;
}

export function findInBytes(where: string, content: Buffer, secret: string): Finding[] {
  return secretForms(secret)
    .filter(({ bytes }) => content.includes(bytes))
    .map(({ name }) => ({ where, form: name }));
}

export function findInText(where: string, text: string, secret: string): Finding[] {
  return findInBytes(where, Buffer.from(text, 'utf8'), secret);
}

/** Every regular file under `root`, for the scans. Links are not followed: only what was written here counts. */
export function filesUnder(root: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
  }
  return files;
}

/**
 * Every file under `root` that holds the secret in any form, except `allowed` (the one file meant to hold
 * it). `scanned` counts the bytes read, so a check can show it looked at something.
 */
export function findInTree(
  root: string,
  secret: string,
  allowed: ReadonlySet<string> = new Set(),
): { findings: Finding[]; files: number; bytes: number } {
  const findings: Finding[] = [];
  let files = 0;
  let bytes = 0;
  for (const file of filesUnder(root)) {
    if (allowed.has(file)) continue;
    // A file removed while the tree is read (a browser's journal) has nothing left to leak.
    let content: Buffer;
    try {
      if (!statSync(file).isFile()) continue;
      content = readFileSync(file);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') continue;
      throw error;
    }
    files++;
    bytes += content.length;
    findings.push(...findInBytes(relative(root, file), content, secret));
  }
  return { findings, files, bytes };
}

/** Throws, naming where, when any of the secrets is in a file under `root` other than the allowed ones. */
export function expectNoSecretsInTree(root: string, secrets: readonly string[], allowed: ReadonlySet<string> = new Set()): void {
  const findings = secrets.flatMap((secret) => findInTree(root, secret, allowed).findings);
  if (findings.length > 0) throw new Error(`A test password was written to disk: ${JSON.stringify(findings)}`);
}

/** Throws, naming where, when any of the secrets is in a text (a log). */
export function expectNoSecretsInText(where: string, text: string, secrets: readonly string[]): void {
  const findings = secrets.flatMap((secret) => findInText(where, text, secret));
  if (findings.length > 0) throw new Error(`A test password reached ${where}: ${JSON.stringify(findings)}`);
}
