import type { FetchMessageObject, MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { messageHeaderSchema } from '../../shared/domain/message';
import { toMessageHeader } from './header-record';

function deep(depth: number): MessageStructureObject {
  return depth === 0 ? { type: 'text/plain' } : { type: 'multipart/mixed', childNodes: [deep(depth - 1)] };
}

describe('toMessageHeader', () => {
  it('trims hostile headers to what the cache accepts, instead of letting the cache refuse the batch', () => {
    const huge = 'x'.repeat(50_000);
    const message: FetchMessageObject = {
      seq: 1,
      uid: 7,
      size: 10,
      flags: new Set(['\\Seen', '\\Recent', huge]),
      envelope: {
        subject: huge,
        messageId: huge,
        from: Array.from({ length: 500 }, () => ({ name: huge, address: huge })),
        to: [],
        date: 'not a date',
      },
      internalDate: new Date('2025-01-01T00:00:00Z'),
      bodyStructure: {
        type: 'MULTIPART/MIXED',
        parameters: Object.fromEntries(Array.from({ length: 500 }, (_, index) => [`p${index}`, huge])),
        childNodes: [...Array.from({ length: 2000 }, () => ({ type: 'text/plain', part: huge })), deep(1000)],
      },
    };
    const header = toMessageHeader(message);
    expect(messageHeaderSchema.safeParse(header).success).toBe(true);
    expect(header.flags).not.toContain('\\Recent');
    expect(header.date).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect(header.from).toHaveLength(100);
  });

  it('takes out the controls that would make a name, address or subject read backwards', () => {
    const header = toMessageHeader({
      seq: 1,
      uid: 8,
      envelope: {
        subject: 'Invoice \u202Efdp.exe',
        from: [{ name: 'PayPal Service \u202E', address: 'moc.lapyap@ecivres.example\u2066' }],
      },
    });
    expect(header.subject).toBe('Invoice fdp.exe');
    expect(header.from).toEqual([{ name: 'PayPal Service ', address: 'moc.lapyap@ecivres.example' }]);
  });
});
