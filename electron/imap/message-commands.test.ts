import { describe, expect, it } from 'vitest';
import { encodeMailboxName } from './mailbox-name';
import { expandUidSet, parseCopyUid, wireMailboxName } from './message-commands';

describe('mailbox names on the wire', () => {
  it('keeps ASCII, escapes & and encodes the rest as modified UTF-7 (RFC 3501 5.1.3)', () => {
    expect(encodeMailboxName('Archive/2026')).toBe('Archive/2026');
    expect(encodeMailboxName('Tom & Jerry')).toBe('Tom &- Jerry');
    expect(encodeMailboxName('~peter/mail/台北/日本語')).toBe('~peter/mail/&U,BTFw-/&ZeVnLIqe-');
    expect(encodeMailboxName('Entwürfe')).toBe('Entw&APw-rfe');
  });

  it('sends UTF-8 once the session has UTF8=ACCEPT or IMAP4rev2 on, as imapflow does for its own commands', () => {
    const session = (enabled: string[], capabilities: string[] = ['IMAP4rev1']) => ({
      enabled: new Set(enabled),
      capabilities: new Map(capabilities.map((name): [string, boolean] => [name, true])),
    });
    expect(wireMailboxName(session([]), 'Gelöschte Elemente')).toBe('Gel&APY-schte Elemente');
    expect(wireMailboxName(session(['UTF8=ACCEPT']), 'Gelöschte Elemente')).toBe('Gelöschte Elemente');
    // Microsoft 365 enables IMAP4rev2 without UTF8=ACCEPT; a rev2-only server has it from the start.
    expect(wireMailboxName(session(['IMAP4REV2']), 'Gelöschte Elemente')).toBe('Gelöschte Elemente');
    expect(wireMailboxName(session([], ['IMAP4rev2']), 'Gelöschte Elemente')).toBe('Gelöschte Elemente');
  });
});

describe('COPYUID', () => {
  const response = (values: string[]) => ({ attributes: [{ section: values.map((value) => ({ type: 'ATOM', value })) }] });

  it('pairs source and destination UIDs in order', () => {
    expect(parseCopyUid(response(['COPYUID', '38505', '304,319:320', '3956:3958']))).toEqual(
      new Map([
        [304, 3956],
        [319, 3957],
        [320, 3958],
      ]),
    );
  });

  it('ignores other response codes and sets that do not pair up', () => {
    expect(parseCopyUid(response(['APPENDUID', '1', '2']))).toBeNull();
    expect(parseCopyUid(response(['COPYUID', '1', '1:3', '7']))).toBeNull();
    expect(parseCopyUid(undefined)).toBeNull();
  });

  it('expands UID sets and refuses what is not one', () => {
    expect(expandUidSet('5:3,9')).toEqual([3, 4, 5, 9]);
    expect(expandUidSet('1:*')).toBeNull();
    expect(expandUidSet('1:9999999')).toBeNull();
  });
});
