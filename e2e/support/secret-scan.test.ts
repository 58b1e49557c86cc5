import { describe, expect, it } from 'vitest';
import { canaryPassword, findInText } from './secret-scan';

describe('the secret scan', () => {
  const secret = canaryPassword();

  it('finds the secret as written, as UTF-16, and base64-encoded inside longer strings at any offset', () => {
    expect(findInText('plain', `{"password":"${secret}"}`, secret)).not.toEqual([]);
    expect(findInText('utf-16', Buffer.from(`x${secret}`, 'utf16le').toString('latin1'), secret)).not.toEqual([]);
    for (const prefix of ['', 'u', '\0user\0', 'ab']) {
      const line = `AUTHENTICATE PLAIN ${Buffer.from(`${prefix}${secret}\0more`).toString('base64')}`;
      expect(findInText(`base64 after ${JSON.stringify(prefix)}`, line, secret)).not.toEqual([]);
    }
  });

  it('finds nothing in text without it', () => {
    expect(findInText('other', `${canaryPassword()} ${Buffer.from(canaryPassword()).toString('base64')}`, secret)).toEqual([]);
  });
});
