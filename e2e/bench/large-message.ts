import { makeMessage } from '../support/messages';

/** How many of them the bench appends: body.open is the median of opening each, one sample being noise. */
export const LARGE_MESSAGES = 5;

/** About 100 KB of Latin-1 quoted-printable text: what body.open measures. */
export const largeBody = (): string | Buffer =>
  makeMessage({
    from: { name: 'Bench', address: 'bench@kestrel.test' },
    to: [{ name: '', address: 'reader@kestrel.test' }],
    subject: 'A long report',
    date: new Date(),
    text: 'Zürich café naïve résumé. '.repeat(4000),
    charset: 'iso-8859-1',
    transferEncoding: 'quoted-printable',
  });
