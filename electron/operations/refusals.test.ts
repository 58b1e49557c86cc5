import { describe, expect, it } from 'vitest';
import type { MailOperation } from '../../shared/domain/operation';
import { ImapRefusal } from '../imap/message-commands';
import { judgeFailure, refused } from './refusals';

const flags: MailOperation = { kind: 'flags', path: 'INBOX', uidValidity: 1, uids: [3], add: ['\\Seen'], remove: [] };

describe('judgeFailure', () => {
  it('undoes a change the server refuses for good, or the engine decided against', () => {
    expect(judgeFailure(new ImapRefusal('NO', 'TRYCREATE', 'No such mailbox'), flags)).toMatchObject({
      kind: 'refused',
      error: { code: 'NOT_FOUND' },
    });
    expect(judgeFailure(new ImapRefusal('NO', 'OVERQUOTA', 'Quota exceeded'), flags)).toMatchObject({ kind: 'refused' });
    expect(judgeFailure(refused('No such message any more.'), flags)).toEqual({
      kind: 'refused',
      error: { code: 'SERVER_ERROR', message: 'No such message any more.' },
    });
    // imapflow's own NO, when its LIST showed the folder gone.
    expect(judgeFailure(Object.assign(new Error('Command failed'), { responseStatus: 'NO', mailboxMissing: true }), flags)).toMatchObject({
      kind: 'refused',
      error: { code: 'NOT_FOUND' },
    });
  });

  it('tries again later what a busy or throttled server refused with no final reason', () => {
    for (const refusal of [
      new ImapRefusal('BAD', null, 'Request is throttled. Suggested Backoff Time: 92 milliseconds'),
      new ImapRefusal('BAD', null, 'User is authenticated but not connected.'),
      new ImapRefusal('NO', null, 'System Error (Failure)'),
      new ImapRefusal('NO', 'UNAVAILABLE', 'Server Unavailable. 15'),
      new ImapRefusal('NO', 'INUSE', 'Mailbox is locked'),
    ])
      expect(judgeFailure(refusal, flags)).toEqual({ kind: 'retry', refusal });
    // imapflow's raw errors carry the same answers.
    expect(judgeFailure(Object.assign(new Error('Command failed'), { responseStatus: 'NO', responseText: 'System Error' }), flags).kind).toBe(
      'retry',
    );
  });

  it('stops the replay when there was no answer at all', () => {
    expect(judgeFailure(Object.assign(new Error('Connection not available'), { code: 'NoConnection' }), flags)).toEqual({ kind: 'stop' });
  });
});
