import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa } from '../support/certs';
import { appendMessages, createUser, ensureDovecotInstalled, importMessages, startDovecot } from '../support/dovecot';
import { generateMailbox } from '../support/messages';
import { measureChromiumSearch } from './chromium-search';
import { measureChromiumSync } from './chromium-sync';
import { printFigure } from './figures';
import { LARGE_MESSAGES, largeBody } from './large-message';

/**
 * `npm run bench`: seeds its own Dovecot with a generated mailbox (doveadm import) and prints one JSON
 * line per figure. KESTREL_BENCH_MESSAGES sets the mailbox size (default 100,000).
 */
async function main(): Promise<void> {
  const messages = Number(process.env.KESTREL_BENCH_MESSAGES ?? '100000');
  ensureDovecotInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-bench-'));
  const ca = createTestCa(join(dir, 'ca'));
  const dovecot = await startDovecot({ ca, rootDir: dir });
  try {
    const bigUser = await createUser(dovecot.info, 'bench');
    const pushUser = await createUser(dovecot.info, 'benchpush');
    const webUser = await createUser(dovecot.info, 'benchweb');
    const webMessages = Math.min(messages, 20_000);
    await importMessages(
      dovecot.info,
      webUser,
      'INBOX',
      generateMailbox(webMessages, 5).map((message) => message.raw),
    );
    process.stderr.write(`[bench] seeding ${messages} messages…\n`);
    for (let offset = 0; offset < messages; offset += 20_000) {
      const chunk = generateMailbox(Math.min(20_000, messages - offset), 1000 + offset);
      await importMessages(
        dovecot.info,
        bigUser,
        'INBOX',
        chunk.map((message) => message.raw),
      );
    }
    await appendMessages(
      dovecot.info,
      bigUser,
      'INBOX',
      Array.from({ length: LARGE_MESSAGES }, () => largeBody()),
    );
    process.stderr.write('[bench] measuring…\n');
    // A process of its own, so that it trusts the test CA the way a user's system would, and so that
    // its memory figure is the engine's alone.
    // --expose-gc: the memory figure starts from a collected heap, not from the garbage the baseline's
    // bare FETCH of 100,000 messages left behind.
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'node-sync.ts')], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: ca.caCertPath,
        KESTREL_LOG_LEVEL: 'warn',
        KESTREL_BENCH_INPUT: JSON.stringify({ info: dovecot.info, bigUser, pushUser, messages }),
      },
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`the measuring process failed (${String(code)})`);
    printFigure(await measureChromiumSync(dovecot.info, webUser, ca.caCertPath, webMessages));
    for (const line of await measureChromiumSearch(messages)) printFigure(line);
  } finally {
    await dovecot.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
