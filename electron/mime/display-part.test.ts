import { describe, it, expect } from 'vitest';
import type { BodyStructureNode } from '../../shared/domain/message';
import { pickDisplayPart, pickDisplayParts } from './display-part';

const text = (part: string, subtype: 'plain' | 'html', extra: Partial<BodyStructureNode> = {}): BodyStructureNode => ({
  part,
  type: `text/${subtype}`,
  parameters: { charset: 'utf-8' },
  encoding: 'quoted-printable',
  size: 100,
  ...extra,
});

const attachment = (part: string, type: string, filename: string): BodyStructureNode => ({
  part,
  type,
  parameters: { name: filename },
  encoding: 'base64',
  size: 5000,
  disposition: 'attachment',
  dispositionParameters: { filename },
});

const multipart = (subtype: string, childNodes: BodyStructureNode[], part?: string, parameters?: Record<string, string>): BodyStructureNode => ({
  ...(part === undefined ? {} : { part }),
  type: `multipart/${subtype}`,
  ...(parameters === undefined ? {} : { parameters }),
  childNodes,
});

describe('pickDisplayPart: single-part messages', () => {
  it('picks a plain text body as part 1', () => {
    const root: BodyStructureNode = {
      type: 'text/plain',
      parameters: { charset: 'ISO-8859-1' },
      encoding: '7bit',
      size: 42,
    };
    expect(pickDisplayPart(root)).toEqual({
      part: '1',
      type: 'text/plain',
      charset: 'ISO-8859-1',
      encoding: '7bit',
      size: 42,
    });
  });

  it('picks an html body as part 1', () => {
    const root: BodyStructureNode = { type: 'text/html', encoding: 'base64' };
    expect(pickDisplayPart(root)).toEqual({
      part: '1',
      type: 'text/html',
      charset: null,
      encoding: 'base64',
      size: null,
    });
  });

  it('normalizes case in type and encoding', () => {
    const root: BodyStructureNode = {
      type: 'Text/HTML',
      encoding: 'Quoted-Printable',
      parameters: { CHARSET: 'utf-8' },
    };
    expect(pickDisplayPart(root)).toMatchObject({
      part: '1',
      type: 'text/html',
      encoding: 'quoted-printable',
      charset: 'utf-8',
    });
  });

  it('shows a part whose Content-Type could not be parsed as plain text (RFC 2045 5.2)', () => {
    // Dovecot reports `Content-Type: ;;;` and `Content-Type: text/` as "/".
    expect(pickDisplayPart({ type: '/', encoding: '7bit', size: 19 })).toMatchObject({ part: '1', type: 'text/plain', charset: null });
    expect(pickDisplayPart({ type: 'text/', encoding: '7bit' })).toMatchObject({ type: 'text/plain' });
    expect(pickDisplayPart({ type: '/', disposition: 'attachment' })).toBeNull();
  });

  it('returns null for a non-text single part', () => {
    expect(pickDisplayPart({ type: 'application/pdf', encoding: 'base64' })).toBeNull();
  });

  it('returns null for text types that cannot be displayed', () => {
    expect(pickDisplayPart({ type: 'text/calendar', parameters: { method: 'REQUEST' } })).toBeNull();
    expect(pickDisplayPart({ type: 'text/enriched' })).toBeNull();
  });

  it('returns null for a single part sent as an attachment', () => {
    expect(pickDisplayPart({ type: 'text/plain', disposition: 'attachment', dispositionParameters: { filename: 'a.txt' } })).toBeNull();
  });
});

describe('pickDisplayPart: multipart/alternative', () => {
  it('takes the plain alternative when asked to prefer it (previews), and HTML where there is no other', () => {
    const both = multipart('related', [
      multipart('alternative', [text('1.1', 'plain'), text('1.2', 'html')], '1'),
      attachment('2', 'image/png', 'a.png'),
    ]);
    expect(pickDisplayPart(both)?.part).toBe('1.2');
    expect(pickDisplayPart(both, 'plain')?.part).toBe('1.1');
    expect(pickDisplayPart(multipart('alternative', [text('1', 'html')]), 'plain')?.part).toBe('1');
  });

  it('prefers html over plain', () => {
    const root = multipart('alternative', [text('1', 'plain'), text('2', 'html')]);
    expect(pickDisplayPart(root)).toMatchObject({ part: '2', type: 'text/html' });
  });

  it('takes the last html alternative', () => {
    const root = multipart('alternative', [text('1', 'html'), text('2', 'plain'), text('3', 'html')]);
    expect(pickDisplayPart(root)?.part).toBe('3');
  });

  it('prefers html even when it comes first', () => {
    const root = multipart('alternative', [text('1', 'html'), text('2', 'plain')]);
    expect(pickDisplayPart(root)?.part).toBe('1');
  });

  it('falls back to plain when the richer alternatives cannot be displayed', () => {
    const root = multipart('alternative', [text('1', 'plain'), { part: '2', type: 'text/enriched' }, { part: '3', type: 'text/calendar' }]);
    expect(pickDisplayPart(root)).toMatchObject({ part: '1', type: 'text/plain' });
  });

  it('shows an alternative even when a mailer gave it a name', () => {
    const root = multipart('alternative', [text('1', 'plain'), text('2', 'html', { parameters: { name: 'body.html' } })]);
    expect(pickDisplayPart(root)?.part).toBe('2');
  });

  it('returns null when no alternative is displayable', () => {
    expect(pickDisplayPart(multipart('alternative', [{ part: '1', type: 'text/calendar' }]))).toBeNull();
  });
});

describe('pickDisplayPart: multipart/mixed', () => {
  it('skips leading attachments and takes the body that follows', () => {
    const root = multipart('mixed', [attachment('1', 'application/pdf', 'a.pdf'), attachment('2', 'text/plain', 'notes.txt'), text('3', 'plain')]);
    expect(pickDisplayPart(root)?.part).toBe('3');
  });

  it('treats a named text part without disposition as an attachment', () => {
    const root = multipart('mixed', [text('1', 'plain', { parameters: { name: 'log.txt' } }), text('2', 'html')]);
    expect(pickDisplayPart(root)?.part).toBe('2');
  });

  it('shows a named text part that is explicitly inline', () => {
    const root = multipart('mixed', [text('1', 'plain', { disposition: 'inline', dispositionParameters: { filename: 'x.txt' } })]);
    expect(pickDisplayPart(root)?.part).toBe('1');
  });

  it('takes the first displayable part', () => {
    const root = multipart('mixed', [text('1', 'plain'), attachment('2', 'image/png', 'a.png'), text('3', 'html')]);
    expect(pickDisplayPart(root)).toMatchObject({ part: '1', type: 'text/plain' });
  });

  it('returns null for an attachment-only message', () => {
    const root = multipart('mixed', [attachment('1', 'application/pdf', 'a.pdf'), attachment('2', 'image/jpeg', 'b.jpg')]);
    expect(pickDisplayPart(root)).toBeNull();
  });

  it('does not descend into a forwarded message/rfc822', () => {
    const forwarded: BodyStructureNode = {
      part: '1',
      type: 'message/rfc822',
      disposition: 'inline',
      childNodes: [multipart('alternative', [text('1.1', 'plain'), text('1.2', 'html')], '1')],
    };
    expect(pickDisplayPart(multipart('mixed', [forwarded]))).toBeNull();
  });

  it('shows the outer body next to a forwarded message', () => {
    const forwarded: BodyStructureNode = { part: '2', type: 'message/rfc822', childNodes: [text('2', 'html')] };
    const root = multipart('mixed', [forwarded, text('1', 'plain')]);
    expect(pickDisplayPart(root)?.part).toBe('1');
  });

  it('treats unknown multipart subtypes as mixed', () => {
    const signed = multipart('signed', [text('1', 'plain'), attachment('2', 'application/pgp-signature', 'signature.asc')], undefined, {
      protocol: 'application/pgp-signature',
    });
    expect(pickDisplayPart(signed)?.part).toBe('1');
    expect(pickDisplayPart(multipart('x-weird', [{ part: '1', type: 'image/gif' }, text('2', 'html')]))?.part).toBe('2');
  });
});

describe('pickDisplayPart: multipart/related', () => {
  it('takes the html root', () => {
    const root = multipart('related', [text('1', 'html'), { part: '2', type: 'image/png', id: '<logo@x>', disposition: 'inline' }]);
    expect(pickDisplayPart(root)).toMatchObject({ part: '1', type: 'text/html' });
  });

  it('follows the start parameter to the root', () => {
    const root = multipart('related', [{ part: '1', type: 'image/png', id: '<logo@x>' }, text('2', 'html', { id: '<root@x>' })], undefined, {
      type: 'text/html',
      start: '<root@x>',
    });
    expect(pickDisplayPart(root)?.part).toBe('2');
  });

  it('uses the first part when start names no part', () => {
    const root = multipart('related', [text('1', 'html'), text('2', 'plain', { id: '<other@x>' })], undefined, {
      start: '<missing@x>',
    });
    expect(pickDisplayPart(root)?.part).toBe('1');
  });

  it('handles an alternative as the root', () => {
    const root = multipart('related', [multipart('alternative', [text('1.1', 'plain'), text('1.2', 'html')], '1'), { part: '2', type: 'image/png' }]);
    expect(pickDisplayPart(root)?.part).toBe('1.2');
  });
});

describe('pickDisplayPart: nesting', () => {
  it('finds html in mixed > alternative > related', () => {
    const root = multipart('mixed', [
      multipart(
        'alternative',
        [text('1.1', 'plain'), multipart('related', [text('1.2.1', 'html'), { part: '1.2.2', type: 'image/jpeg', id: '<img@x>' }], '1.2')],
        '1',
      ),
      attachment('2', 'application/zip', 'files.zip'),
    ]);
    expect(pickDisplayPart(root)).toEqual({
      part: '1.2.1',
      type: 'text/html',
      charset: 'utf-8',
      encoding: 'quoted-printable',
      size: 100,
    });
  });

  it('computes part ids that the server did not report', () => {
    const root: BodyStructureNode = {
      type: 'multipart/mixed',
      childNodes: [{ type: 'image/png' }, { type: 'multipart/alternative', childNodes: [{ type: 'text/plain' }, { type: 'text/html' }] }],
    };
    expect(pickDisplayPart(root)?.part).toBe('2.2');
  });

  it('survives 1,000-deep hostile nesting without overflowing the stack', () => {
    let node: BodyStructureNode = text('x', 'plain');
    for (let depth = 0; depth < 1000; depth++) {
      node = multipart(depth % 2 === 0 ? 'mixed' : 'alternative', [node]);
    }
    expect(pickDisplayPart(node)).toBeNull();
  });

  it('still finds a body near the top of hostile nesting', () => {
    let node: BodyStructureNode = text('deep', 'html');
    for (let depth = 0; depth < 1000; depth++) {
      node = multipart('mixed', [node]);
    }
    const root = multipart('mixed', [multipart('mixed', [node, text('1.2', 'plain')], '1')]);
    expect(pickDisplayPart(root)?.part).toBe('1.2');
  });

  it('does not loop on a cyclic structure', () => {
    const cyclic: BodyStructureNode = { type: 'multipart/mixed', childNodes: [] };
    cyclic.childNodes?.push(cyclic);
    expect(pickDisplayPart(cyclic)).toBeNull();
  });

  it('returns null for malformed structures', () => {
    expect(pickDisplayPart({ type: 'multipart/mixed' })).toBeNull();
    expect(pickDisplayPart({ type: 'multipart/mixed', childNodes: [] })).toBeNull();
    const hostile = JSON.parse(
      '{"type":"multipart/mixed","childNodes":[null,{"nope":1},{"type":"text/plain","part":"1; DROP"}]}',
    ) as BodyStructureNode;
    expect(pickDisplayPart(hostile)?.part).toBe('3');
    expect(pickDisplayPart(null as unknown as BodyStructureNode)).toBeNull();
  });
});

describe('pickDisplayParts: text after pictures', () => {
  const inlineImage = (part: string): BodyStructureNode => ({
    part,
    type: 'image/jpeg',
    encoding: 'base64',
    size: 9000,
    disposition: 'inline',
    dispositionParameters: { filename: 'IMG_1.jpg' },
  });

  it('keeps every inline text part of a mixed message in order (iOS: text, photo, text)', () => {
    const root = multipart('mixed', [text('1', 'plain'), inlineImage('2'), text('3', 'plain'), attachment('4', 'application/pdf', 'a.pdf')]);
    expect(pickDisplayParts(root).map((part) => part.part)).toEqual(['1', '3']);
    expect(pickDisplayPart(root)?.part).toBe('1');
  });

  it("shows each HTML fragment of Apple Mail's mixed alternative, not only the first", () => {
    const html = multipart(
      'mixed',
      [text('2.1', 'html'), inlineImage('2.2'), text('2.3', 'html'), attachment('2.4', 'application/pdf', 'a.pdf'), text('2.5', 'html')],
      '2',
    );
    const root = multipart('alternative', [text('1', 'plain'), html]);
    expect(pickDisplayParts(root).map((part) => part.part)).toEqual(['2.1', '2.3', '2.5']);
    expect(pickDisplayParts(root, 'plain').map((part) => part.part)).toEqual(['1']);
  });
});

describe('pickDisplayPart: format=flowed', () => {
  it('marks flowed plain text and its DelSp, whatever the case of the parameters', () => {
    expect(pickDisplayPart(text('1', 'plain', { parameters: { charset: 'utf-8', format: 'Flowed', delsp: 'Yes' } }))?.flowed).toEqual({
      delsp: true,
    });
    expect(pickDisplayPart(text('1', 'plain', { parameters: { format: 'flowed' } }))?.flowed).toEqual({ delsp: false });
    expect(pickDisplayPart(text('1', 'plain'))?.flowed).toBeUndefined();
    expect(pickDisplayPart(text('1', 'html', { parameters: { format: 'flowed' } }))?.flowed).toBeUndefined();
  });
});
