import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { AccountSummary } from '../../shared/domain/account';
import { listAttachments } from '../../shared/domain/attachments';
import { folderKey } from '../../shared/domain/folder';
import { appendMessages, createUser, readLog, waitForLog, type TestUser } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import { malformedMessages } from '../../e2e/support/malformed-mime';
import { makeMessage } from '../../e2e/support/messages';

const dovecot = inject('dovecot');

describe('malformed MIME from a real Dovecot', () => {
  let engine: TestEngine;
  let user: TestUser;
  let account: AccountSummary;

  beforeEach(async () => {
    engine = await createTestEngine();
    user = await createUser(dovecot, 'malformed');
    account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
  });

  afterEach(async () => {
    await engine.dispose();
  });

  const healthy = (subject: string): string | Buffer =>
    makeMessage({
      from: { name: 'Ada', address: 'ada@kestrel.test' },
      to: [],
      subject,
      date: new Date('2026-03-02T10:00:00Z'),
      text: `${subject} text`,
    });

  it('lists every message and opens each as readable text or a clear error, and goes on working', async () => {
    const corpus = malformedMessages();
    await appendMessages(dovecot, user, 'INBOX', [...corpus.map((message) => message.raw), healthy('Healthy after')]);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const key = folderKey(account.id, 'INBOX');

    // Opening them one after another is the bound on time: a hang fails the test at its timeout.
    const failures: string[] = [];
    for (const [index, message] of corpus.entries()) {
      const uid = index + 1;
      const listed = await engine.db.messages.get([key, uid]);
      if (listed === undefined || typeof listed.subject !== 'string') failures.push(`${message.name}: not listed`);
      const opened = await engine.invoke('messages.fetchBody', await engine.messageRef(account.id, 'INBOX', uid));
      if (!opened.ok) {
        // Only where nothing can be recovered, and then a clear error: a sentence for the user, never the
        // "deleted on the server" that would send them looking for a message that is there.
        if (message.readable !== null || opened.error.code === 'NOT_FOUND' || opened.error.message.length < 20)
          failures.push(`${message.name}: ${JSON.stringify(opened.error)}`);
        continue;
      }
      const body = await engine.db.bodies.get([key, uid]);
      if (body === undefined) failures.push(`${message.name}: opened, but nothing cached to show`);
      else if (typeof body.text !== 'string') failures.push(`${message.name}: body is not text`);
      else if (message.readable !== null && !body.text.includes(message.readable))
        failures.push(`${message.name}: shows ${JSON.stringify(body.text.slice(0, 80))}, not ${JSON.stringify(message.readable)}`);
      // The attachment list is read from the same structure: it must not throw either.
      if (listed?.bodyStructure != null) listAttachments(listed.bodyStructure);
    }
    expect(failures).toEqual([]);

    const last = corpus.length + 1;
    expect(expectOk(await engine.invoke('messages.fetchBody', await engine.messageRef(account.id, 'INBOX', last)))).toEqual({ fetched: true });
    expect((await engine.db.bodies.get([key, last]))?.text).toContain('Healthy after text');
  });

  it('opens a message with a 50 MB attachment without fetching the attachment', async () => {
    const attachment = Buffer.alloc(50 * 1024 * 1024, 0x5a);
    const message = makeMessage({
      from: { name: 'Ada', address: 'ada@kestrel.test' },
      to: [],
      subject: 'The whole archive',
      date: new Date('2026-03-02T10:00:00Z'),
      text: 'The archive is attached.',
      attachments: [{ filename: 'archive.bin', contentType: 'application/octet-stream', content: attachment }],
    });
    await appendMessages(dovecot, user, 'INBOX', [message]);
    expectOk(await engine.invoke('sync.account', { accountId: account.id }));
    const key = folderKey(account.id, 'INBOX');

    expectOk(await engine.invoke('messages.fetchBody', await engine.messageRef(account.id, 'INBOX', 1)));
    expect((await engine.db.bodies.get([key, 1]))?.text).toContain('The archive is attached.');
    const structure = (await engine.db.messages.get([key, 1]))?.bodyStructure ?? null;
    expect(structure === null ? [] : listAttachments(structure)).toMatchObject([{ filename: 'archive.bin' }]);

    // Dovecot counts the body bytes each session sent: all of this user's sessions together stay far below it.
    await engine.services.shutdown();
    await waitForLog(dovecot, new RegExp(`imap\\(${user.username}\\).*body_count=1 `));
    const bodyBytes = readLog(dovecot)
      .split('\n')
      .filter((line) => line.includes(`imap(${user.username})`))
      .reduce((sum, line) => sum + Number(/body_bytes=(\d+)/.exec(line)?.[1] ?? 0), 0);
    expect(bodyBytes).toBeLessThan(100_000);
  });
});
