import type { MailboxObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/ipc/result';
import { checkedFolderNumbers } from './folder-numbers';

function mailbox(fields: Partial<Record<'uidValidity' | 'uidNext' | 'exists' | 'highestModseq', unknown>>): MailboxObject {
  return { path: 'INBOX', uidValidity: 7n, uidNext: 4, exists: 3, ...fields } as unknown as MailboxObject;
}

function refusal(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof AppFailure)) throw error;
    return error.appError.code;
  }
}

describe('checkedFolderNumbers', () => {
  it('accepts what real servers report, up to the edges IMAP allows', () => {
    expect(checkedFolderNumbers(mailbox({ exists: 0, uidNext: 1 }), 'INBOX', null)).toEqual({
      uidValidity: 7,
      uidNext: 1,
      exists: 0,
      highestModseq: undefined,
    });
    const top = 2 ** 32 - 1;
    expect(
      checkedFolderNumbers(mailbox({ uidValidity: BigInt(top), uidNext: top, exists: top - 1, highestModseq: 2n ** 63n - 1n }), 'INBOX', null)
        .uidNext,
    ).toBe(top);
    // A new UIDVALIDITY starts UIDs over: a lower UIDNEXT is then expected.
    expect(checkedFolderNumbers(mailbox({ uidValidity: 8n }), 'INBOX', { uidValidity: 7, uidNext: 100 }).uidNext).toBe(4);
    expect(checkedFolderNumbers(mailbox({}), 'INBOX', { uidValidity: 7, uidNext: 4 }).uidNext).toBe(4);
  });

  it.each([
    ['a missing UIDVALIDITY', { uidValidity: undefined }],
    ['UIDVALIDITY 0', { uidValidity: 0n }],
    ['UIDVALIDITY 2^32', { uidValidity: 2n ** 32n }],
    ['a missing UIDNEXT', { uidNext: undefined }],
    ['UIDNEXT 2^32', { uidNext: 2 ** 32, exists: 0 }],
    ['a fractional UIDNEXT', { uidNext: 4.5 }],
    ['a missing EXISTS', { exists: undefined }],
    ['a negative EXISTS', { exists: -1 }],
    ['more messages than UIDs', { exists: 4 }],
    ['HIGHESTMODSEQ 0', { highestModseq: 0n }],
    ['HIGHESTMODSEQ 2^63', { highestModseq: 2n ** 63n }],
    ['a HIGHESTMODSEQ that is no bigint', { highestModseq: '12' }],
  ])('refuses %s', (_name, fields) => {
    expect(refusal(() => checkedFolderNumbers(mailbox(fields), 'INBOX', null))).toBe('SERVER_ERROR');
  });

  it('refuses a UIDNEXT that went back under the same UIDVALIDITY', () => {
    expect(refusal(() => checkedFolderNumbers(mailbox({}), 'INBOX', { uidValidity: 7, uidNext: 5 }))).toBe('SERVER_ERROR');
  });
});
