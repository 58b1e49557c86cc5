import { describe, expect, it } from 'vitest';
import { MailtoLinks, mailtoInArgv } from './mailto-links';

describe('mailto: links handed over by the system', () => {
  it('finds the link among launch arguments, whatever else is there', () => {
    expect(mailtoInArgv(['/opt/kestrel/kestrel', '--no-sandbox', 'mailto:ada@example.com?subject=Hi'])).toBe('mailto:ada@example.com?subject=Hi');
    expect(mailtoInArgv(['kestrel', 'MAILTO:ada@example.com'])).toBe('MAILTO:ada@example.com');
    expect(mailtoInArgv(['kestrel', 'https://example.com', '--mailto:x'])).toBeNull();
    expect(mailtoInArgv(['kestrel', `mailto:${'a'.repeat(300_000)}@example.com`])).toBeNull();
  });

  it('gives each link to one window once, oldest first, and keeps only the last few', () => {
    const links = new MailtoLinks();
    expect(links.receive('https://example.com')).toBe(false);
    expect(links.receive('mailto:a@example.com')).toBe(true);
    expect(links.receive('mailto:b@example.com')).toBe(true);
    expect([links.take(), links.take(), links.take()]).toEqual(['mailto:a@example.com', 'mailto:b@example.com', null]);
    for (let index = 0; index < 15; index += 1) links.receive(`mailto:${index}@example.com`);
    expect(links.take()).toBe('mailto:5@example.com');
  });
});
