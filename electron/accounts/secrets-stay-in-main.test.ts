import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { appendMessages, createUser, type TestUser } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import { makeMessage } from '../../e2e/support/messages';
import { accountSummarySchema } from '../../shared/domain/account';
import type { Result } from '../../shared/ipc/result';
import { canaryPassword, findInText, findInTree, type Finding } from '../../e2e/support/secret-scan';

const dovecot = inject('dovecot');

/** Everything the window's cache holds, as text: what IndexedDB would write to the browser profile. */
async function cacheContents(engine: TestEngine): Promise<string> {
  const tables = await Promise.all(engine.db.tables.map(async (table) => [table.name, await table.toArray()] as const));
  return JSON.stringify(tables, (_key, value: unknown) =>
    value instanceof Uint8Array || value instanceof ArrayBuffer ? Buffer.from(value as Uint8Array).toString('latin1') : value,
  );
}

describe('a password, once given to main', () => {
  let engine: TestEngine;
  let user: TestUser;
  let log: string;
  const answers: Array<{ channel: string; answer: unknown }> = [];

  beforeEach(async () => {
    vi.stubEnv('KESTREL_LOG_LEVEL', 'debug');
    log = '';
    const write = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      log += chunk.toString();
      return write(chunk);
    });
    engine = await createTestEngine();
    user = await createUser(dovecot, 'canary', canaryPassword());
    answers.length = 0;
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await engine.dispose();
  });

  async function call(channel: string, input: unknown): Promise<Result<unknown>> {
    const answer = await engine.invokeRaw(channel, input);
    answers.push({ channel, answer });
    return answer;
  }

  it('never comes back to the window, in answers, events, cache requests or the cache, and never reaches the log', async () => {
    const subject = 'Quarterly figures for the canary check';
    await appendMessages(dovecot, user, 'INBOX', [
      makeMessage({
        from: { name: 'Ada', address: 'ada@example.com' },
        to: [{ name: 'Canary', address: user.email }],
        subject,
        date: new Date(),
        text: 'Numbers inside.',
      }),
    ]);
    const wrongPassword = canaryPassword();

    const added = accountSummarySchema.parse(expectOk(await call('accounts.add', draftFor(dovecot, user))));
    await call('accounts.list', {});
    await call('app.secretStorage', {});
    await call('sync.account', { accountId: added.id });
    await call('messages.fetchBody', await engine.messageRef(added.id, 'INBOX', 1));
    const rejected = await call('accounts.updatePassword', { accountId: added.id, password: wrongPassword });
    expect(rejected.ok ? null : rejected.error.code).toBe('AUTH_FAILED');
    await call('accounts.updatePassword', { accountId: added.id, password: user.password });
    await call('sync.account', { accountId: added.id });

    const cache = await cacheContents(engine);
    // The checks below look at real data: the synced message is in the cache, and the password is in the one file meant for it.
    expect(cache).toContain(subject);
    const secretsFile = join(engine.dataDir, 'secrets.json');
    expect(findInText('secrets.json', readFileSync(secretsFile, 'utf8'), user.password)).not.toEqual([]);

    for (const password of [user.password, wrongPassword]) {
      const findings: Finding[] = [
        ...findInText('answers', JSON.stringify(answers), password),
        ...findInText('events', JSON.stringify(engine.events), password),
        ...findInText('cache requests', JSON.stringify(engine.cacheRequests), password),
        ...findInText('cache', cache, password),
        ...findInText('log', log, password),
        ...findInTree(engine.dataDir, password, new Set([secretsFile])).findings,
      ];
      expect(findings).toEqual([]);
    }
    // A rejected password is never kept, not even in the secrets file.
    expect(findInText('secrets.json', readFileSync(secretsFile, 'utf8'), wrongPassword)).toEqual([]);
    expect(log).toContain('account.added');
  });
});
