import { describe, expect, it } from 'vitest';
import { listAttachments, safeFilename } from './attachments';

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
