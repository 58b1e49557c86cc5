/**
 * Mail that breaks the MIME rules the way real senders, broken gateways and attackers do. Each message
 * says what a reader must still show: `readable` is text the shown body must contain, or null where
 * nothing sensible can be recovered and a clear error (or any readable body) is the right answer.
 */
export interface MalformedMessage {
  name: string;
  raw: Buffer;
  readable: string | null;
}

const CRLF = '\r\n';
const lines = (...parts: Array<string | Buffer>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(`${part}${CRLF}`, 'latin1') : part)));
const header = (subject: string | Buffer, ...more: string[]): Buffer =>
  lines(
    'From: Broken Sender <broken@kestrel.test>',
    'To: tester@kestrel.test',
    'Date: Sun, 01 Mar 2026 10:00:00 +0000',
    Buffer.concat([Buffer.from('Subject: '), Buffer.from(subject), Buffer.from(CRLF)]),
    'MIME-Version: 1.0',
    ...more,
  );

/** A multipart/mixed of `depth` levels with the text at the bottom. */
function nested(depth: number, text: string): Buffer {
  const open: string[] = [];
  const close: string[] = [];
  for (let level = 0; level < depth; level++) {
    open.push(`Content-Type: multipart/mixed; boundary="level-${String(level)}"`, '', `--level-${String(level)}`);
    close.unshift(`--level-${String(level)}--`);
  }
  return lines(...open, 'Content-Type: text/plain; charset=utf-8', '', text, ...close);
}

export function malformedMessages(): MalformedMessage[] {
  const list: MalformedMessage[] = [];
  const add = (name: string, raw: Buffer, readable: string | null): void => {
    list.push({ name, raw, readable });
  };

  // --- Boundaries
  add(
    'parts under a boundary the header does not declare',
    Buffer.concat([
      header('wrong boundary', 'Content-Type: multipart/mixed; boundary="declared"'),
      lines('', '--actual', 'Content-Type: text/plain', '', 'Wrong boundary text', '--actual--'),
    ]),
    null,
  );
  add(
    'no closing boundary',
    Buffer.concat([
      header('unclosed', 'Content-Type: multipart/alternative; boundary="open"'),
      lines('', '--open', 'Content-Type: text/plain; charset=utf-8', '', 'Unclosed boundary text'),
    ]),
    'Unclosed boundary text',
  );
  add(
    'multipart without a boundary parameter',
    Buffer.concat([
      header('no boundary', 'Content-Type: multipart/mixed'),
      lines('', '--x', 'Content-Type: text/plain', '', 'No boundary text', '--x--'),
    ]),
    null,
  );
  add(
    'empty boundary',
    Buffer.concat([
      header('empty boundary', 'Content-Type: multipart/mixed; boundary=""'),
      lines('', '--', 'Content-Type: text/plain', '', 'Empty boundary text', '----'),
    ]),
    null,
  );
  add(
    'boundary of 200 characters with spaces',
    Buffer.concat([
      header('long boundary', `Content-Type: multipart/mixed; boundary="${'b '.repeat(100)}"`),
      lines('', `--${'b '.repeat(100)}`, 'Content-Type: text/plain', '', 'Long boundary text', `--${'b '.repeat(100)}--`),
    ]),
    null,
  );
  add(
    'boundary that is a prefix of another',
    Buffer.concat([
      header('prefix boundary', 'Content-Type: multipart/mixed; boundary="a"'),
      lines(
        '',
        '--a',
        'Content-Type: multipart/alternative; boundary="ab"',
        '',
        '--ab',
        'Content-Type: text/plain',
        '',
        'Prefix boundary text',
        '--ab--',
        '--a--',
      ),
    ]),
    'Prefix boundary text',
  );
  add(
    'multipart with no parts at all',
    Buffer.concat([header('no parts', 'Content-Type: multipart/mixed; boundary="z"'), lines('', 'preamble only')]),
    null,
  );
  add(
    '1,000 empty parts',
    Buffer.concat([
      header('many parts', 'Content-Type: multipart/mixed; boundary="m"'),
      lines(
        '',
        ...Array.from({ length: 1000 }, () => '--m\r\nContent-Type: text/plain\r\n'),
        '--m',
        'Content-Type: text/plain',
        '',
        'Last of many parts',
        '--m--',
      ),
    ]),
    null,
  );

  // --- Transfer encodings
  add(
    'base64 with garbage characters and no padding',
    Buffer.concat([
      header('bad base64', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'),
      lines('', `${Buffer.from('Bad base64 text survives').toString('base64').replace(/=+$/, '')}!!@@##`, '%%%%'),
    ]),
    'Bad base64 text',
  );
  add(
    'base64 truncated mid-quantum',
    Buffer.concat([
      header('cut base64', 'Content-Type: text/plain', 'Content-Transfer-Encoding: base64'),
      lines('', 'Q3V0IGJhc2U2NCB0ZXh0IGhlcmU', 'Q'),
    ]),
    'Cut base64 text',
  );
  add(
    'base64 that is not base64 at all',
    Buffer.concat([
      header('not base64', 'Content-Type: text/plain', 'Content-Transfer-Encoding: base64'),
      lines('', 'This is plain text, lied about.'),
    ]),
    null,
  );
  add(
    'quoted-printable with invalid escapes',
    Buffer.concat([
      header('bad qp', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'),
      lines('', 'Bad =ZZ escapes =4 and a final =', 'QP text =C3=A9t=C3=A9='),
    ]),
    'QP text été',
  );
  add(
    'quoted-printable with a 100,000-character line',
    Buffer.concat([
      header('long qp line', 'Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable'),
      lines('', `Long line start ${'x'.repeat(100_000)}`),
    ]),
    'Long line start',
  );
  add(
    'unknown transfer encoding',
    Buffer.concat([header('x-encoding', 'Content-Type: text/plain', 'Content-Transfer-Encoding: x-gzip64'), lines('', 'Unknown encoding text')]),
    'Unknown encoding text',
  );
  add(
    'base64 declared on a multipart',
    Buffer.concat([
      header('encoded multipart', 'Content-Type: multipart/mixed; boundary="q"', 'Content-Transfer-Encoding: base64'),
      lines('', '--q', 'Content-Type: text/plain', '', 'Encoded multipart text', '--q--'),
    ]),
    null,
  );
  add(
    'NUL bytes in the body',
    Buffer.concat([header('nul bytes', 'Content-Type: text/plain; charset=utf-8'), lines(''), Buffer.from('NUL\0bytes\0text\r\n')]),
    null,
  );
  add(
    'binary garbage declared as text',
    Buffer.concat([
      header('binary as text', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'),
      lines(''),
      Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 131) % 256)),
    ]),
    null,
  );

  // --- Charsets
  add(
    'unknown charset',
    Buffer.concat([header('unknown charset', 'Content-Type: text/plain; charset="x-klingon"'), lines('', 'Unknown charset text')]),
    'Unknown charset text',
  );
  add(
    'utf-8 label on Latin-1 bytes',
    Buffer.concat([
      header('lying utf-8', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'),
      lines(''),
      Buffer.from('Lying charset caf\xe9\r\n', 'latin1'),
    ]),
    'Lying charset caf',
  );
  add(
    'us-ascii label on UTF-8 bytes',
    Buffer.concat([
      header('lying ascii', 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 8bit'),
      lines(''),
      Buffer.from('Lying ascii café\r\n', 'utf8'),
    ]),
    'Lying ascii café',
  );
  add(
    'utf-16 label on an odd number of bytes',
    Buffer.concat([header('odd utf-16', 'Content-Type: text/plain; charset=utf-16'), lines(''), Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])]),
    null,
  );
  add(
    'iso-2022-jp label on UTF-8 bytes',
    Buffer.concat([
      header('lying jis', 'Content-Type: text/plain; charset=iso-2022-jp', 'Content-Transfer-Encoding: 8bit'),
      lines(''),
      Buffer.from('Lying JIS 日本\r\n', 'utf8'),
    ]),
    'Lying JIS',
  );
  add(
    'charset label of 10,000 characters',
    Buffer.concat([header('long charset', `Content-Type: text/plain; charset="${'x'.repeat(10_000)}"`), lines('', 'Long charset text')]),
    'Long charset text',
  );
  add(
    'charset label with control characters',
    Buffer.concat([header('control charset', 'Content-Type: text/plain; charset="utf-8\x01\x7f"'), lines('', 'Control charset text')]),
    'Control charset text',
  );
  add(
    'utf-7 body',
    Buffer.concat([header('utf-7', 'Content-Type: text/html; charset=utf-7'), lines('', '+ADw-p+AD4-UTF-7 text+ADw-/p+AD4-')]),
    'UTF-7 text',
  );

  // --- Headers: raw 8-bit bytes and RFC 2047 garbage (the body is fine; the header must not break it)
  add(
    'raw UTF-8 subject',
    Buffer.concat([header(Buffer.from('Raw UTF-8 Grüße', 'utf8'), 'Content-Type: text/plain'), lines('', 'Raw header body one')]),
    'Raw header body one',
  );
  add(
    'raw Latin-1 subject and sender',
    Buffer.concat([
      header(Buffer.from('Raw Latin-1 Gr\xfc\xdfe', 'latin1'), 'Content-Type: text/plain'),
      lines('Sender: J\xf6rg <j@kestrel.test>', '', 'Raw header body two'),
    ]),
    'Raw header body two',
  );
  const words = [
    '=?utf-8?B?!!!not base64!!!?=',
    '=?utf-8?Q?=ZZ=5?=',
    '=?x-unknown?X?abc?=',
    '=?utf-8?B?SGVsbG8',
    '=??B?SGk=?=',
    '=?utf-8*en?Q?lang?=',
    '=?utf-8?Q?=00nul=00?=',
    `=?utf-8?B?${Buffer.from('\u202eevil reversed').toString('base64')}?=`,
    Array.from({ length: 1000 }, () => '=?utf-8?Q?w?=').join(' '),
  ];
  words.forEach((word, index) => {
    add(
      `RFC 2047 garbage ${String(index + 1)}`,
      Buffer.concat([header(word, 'Content-Type: text/plain'), lines('', `Encoded-word body ${String(index + 1)}`)]),
      `Encoded-word body ${String(index + 1)}`,
    );
  });
  add(
    'subject of 100,000 characters',
    Buffer.concat([header(`Long ${'s'.repeat(100_000)}`, 'Content-Type: text/plain'), lines('', 'Long subject body')]),
    'Long subject body',
  );
  add('header with no body and no blank line', lines('From: x@kestrel.test', 'Subject: headers only', 'Content-Type: text/plain'), null);
  add('no headers at all', lines('', 'Headless body text'), 'Headless body text');
  add('Content-Type garbage', Buffer.concat([header('garbage type', 'Content-Type: ;;;==="'), lines('', 'Garbage type text')]), 'Garbage type text');
  add(
    'Content-Type text/ without subtype',
    Buffer.concat([header('no subtype', 'Content-Type: text/'), lines('', 'No subtype text')]),
    'No subtype text',
  );
  add(
    'broken RFC 2231 filename',
    Buffer.concat([
      header('bad filename', 'Content-Type: multipart/mixed; boundary="f"'),
      lines(
        '',
        '--f',
        'Content-Type: text/plain',
        '',
        'Bad filename text',
        '--f',
        "Content-Type: application/octet-stream; name*0*=utf-8''%ZZ; name*5=x",
        "Content-Disposition: attachment; filename*=utf-8''%E2%82; filename*1*=%%",
        'Content-Transfer-Encoding: base64',
        '',
        'AAAA',
        '--f--',
      ),
    ]),
    'Bad filename text',
  );
  add(
    'message/rfc822 holding a broken message',
    Buffer.concat([
      header('forwarded broken', 'Content-Type: message/rfc822'),
      lines(
        '',
        'Subject: inner',
        'Content-Type: multipart/mixed; boundary="inner"',
        '',
        '--inner',
        'Content-Type: text/plain',
        '',
        'Inner broken text',
      ),
    ]),
    null,
  );

  // --- Nesting
  add('100 levels of nested multiparts', Buffer.concat([header('deep nesting'), nested(100, 'Deepest text')]), null);
  add(
    '120 levels of nested message/rfc822',
    Buffer.concat([
      header('deep forwards'),
      lines(
        ...Array.from({ length: 120 }, (_, level) => `Content-Type: message/rfc822\r\n\r\nSubject: level ${String(level)}`),
        'Content-Type: text/plain',
        '',
        'Deep forward text',
      ),
    ]),
    null,
  );
  return list;
}
