import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * Findings reviewed and accepted, each with its reason (docs/security.md says the same). A finding is
 * matched by check and file, so the same check elsewhere is a new finding that fails the test.
 */
const accepted: ReadonlyArray<{ check: string; file: string; reason: string }> = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main/window.ts',
    reason:
      'openExternalSafely passes only http:, https: and mailto: URLs, and openSignInPage only https:, each parsed with URL right before the call.',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'electron/main/window.ts',
    reason: 'The sandboxed preload exposes only invoke/onEvent/serveCache through contextBridge; main validates every call.',
  },
  {
    check: 'PROTOCOL_HANDLER_JS_CHECK',
    file: 'electron/main/app-menu.ts',
    reason:
      'Kestrel registers for mailto: only when the user ticks Use Kestrel for Email Links; a link handed over is kept only if it is a mailto: URL of bounded length, and the composer takes only To, Cc, Bcc, Subject and the body from it (RFC 6068 section 7).',
  },
];

interface Finding {
  check: string;
  severity: string;
  file: string;
  location: string;
}

/** Rows of electronegativity's CSV; a description may run over several lines, which are not rows. */
function findingsOf(csv: string): Finding[] {
  return csv.split('\n').flatMap((line) => {
    const match = /^([A-Z_]+),"(\w+)","\w+","([^"]*)","([^"]*)"/.exec(line);
    return match === null ? [] : [{ check: match[1] ?? '', severity: match[2] ?? '', file: match[3] ?? '', location: match[4] ?? '' }];
  });
}

describe('electronegativity', () => {
  // What ships: main, preload and the page with its CSP; package.json tells the Electron version.
  const scanned = mkdtempSync(join(tmpdir(), 'kestrel-electronegativity-'));
  cpSync(join(repoRoot, 'electron'), join(scanned, 'electron'), { recursive: true, filter: (path) => !path.endsWith('.test.ts') });
  cpSync(join(repoRoot, 'renderer', 'index.html'), join(scanned, 'renderer', 'index.html'));
  cpSync(join(repoRoot, 'package.json'), join(scanned, 'package.json'));

  afterAll(() => {
    rmSync(scanned, { recursive: true, force: true });
  });

  it('finds nothing of high or medium severity in the Electron shell that is not reviewed and accepted', async () => {
    const cli = join(dirname(createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
    const report = join(scanned, 'report.csv');
    const electronVersion = (JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string })
      .version;
    // The security-fix check downloads Electron's release list; the pinned version stands in for it.
    await promisify(execFile)(
      process.execPath,
      [cli, '-i', scanned, '-r', '-v', 'false', '-s', 'medium', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', report],
      { cwd: scanned, timeout: 120_000 },
    );
    const findings = findingsOf(readFileSync(report, 'utf8'));
    const open = findings.filter(
      (finding) =>
        ['HIGH', 'MEDIUM'].includes(finding.severity) &&
        !accepted.some((entry) => entry.check === finding.check && finding.file.endsWith(entry.file)),
    );
    expect(open).toEqual([]);
    // An accepted finding that no longer occurs is stale: drop it from the list and from docs/security.md.
    for (const entry of accepted)
      expect(
        findings.some((finding) => finding.check === entry.check),
        entry.check,
      ).toBe(true);
  }, 180_000);
});
