import { describe, expect, it } from 'vitest';
import { listAttachments, opensSafely, safeFilename } from './attachments';

describe('listAttachments', () => {
  it('lists named and marked parts with their part numbers, and skips the body', () => {
    const attachments = listAttachments({
      type: 'multipart/mixed',
      childNodes: [
        {
          part: '1',
          type: 'multipart/alternative',
          childNodes: [
            { part: '1.1', type: 'text/plain' },
            { part: '1.2', type: 'text/html' },
          ],
        },
        {
          part: '2',
          type: 'application/pdf',
          encoding: 'base64',
          size: 4000,
          disposition: 'attachment',
          dispositionParameters: { filename: 'report.pdf' },
        },
        { part: '3', type: 'image/png', parameters: { NAME: 'chart.png' }, size: 10 },
        { part: '4', type: 'message/rfc822', size: 500 },
      ],
    });
    expect(attachments).toEqual([
      { part: '2', filename: 'report.pdf', type: 'application/pdf', size: 2923 },
      { part: '3', filename: 'chart.png', type: 'image/png', size: 10 },
      { part: '4', filename: 'forwarded-message.eml', type: 'message/rfc822', size: 500 },
    ]);
  });

  it('makes hostile names safe', () => {
    expect(safeFilename('../../etc/passwd', 'x')).toBe('passwd');
    expect(safeFilename('C:\\Windows\\evil.exe', 'x')).toBe('evil.exe');
    expect(safeFilename('..', 'fallback')).toBe('fallback');
    expect(safeFilename('a\u0000b\nc.txt', 'x')).toBe('a_b_c.txt');
  });
});

describe('names and types from a message, as files', () => {
  it('drops what reorders a name, trailing dots and spaces, and device names', () => {
    expect(safeFilename('Invoice_2024_\u202Efdp.exe', 'x')).toBe('Invoice_2024_fdp.exe');
    expect(safeFilename('invoice.exe. ', 'x')).toBe('invoice.exe');
    expect(safeFilename('invoice.exe...', 'x')).toBe('invoice.exe');
    expect(safeFilename('invoice.exe.\u3000', 'x')).toBe('invoice.exe');
    expect(safeFilename('invoice.exe .\u00a0', 'x')).toBe('invoice.exe');
    expect(safeFilename('NUL.txt', 'x')).toBe('_NUL.txt');
    expect(safeFilename('con', 'x')).toBe('_con');
    expect(safeFilename(' . ', 'fallback')).toBe('fallback');
  });

  it('opens straight from a message only types known to be shown, not run', () => {
    for (const name of ['report.pdf', 'photo.JPG', 'minutes.docx', 'talk.mp4']) expect(opensSafely(name)).toBe(true);
    for (const name of ['setup.exe', 'update.appinstaller', 'notes.one', 'budget.xls', 'page.html', 'logo.svg', 'README', 'a.pdf.lnk'])
      expect(opensSafely(name)).toBe(false);
  });
});
