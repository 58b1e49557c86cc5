import { describe, expect, it } from 'vitest';
import { deceptiveLink, openableUrl, splitLinks } from './links';

describe('links in messages', () => {
  it('opens only web and mail links', () => {
    expect(openableUrl('https://example.com/a')?.hostname).toBe('example.com');
    expect(openableUrl('mailto:ada@example.com')).not.toBeNull();
    for (const href of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'not a url', 'smb://host/share'])
      expect(openableUrl(href)).toBeNull();
  });

  it('flags a link whose text names another site than it leads to', () => {
    expect(deceptiveLink('www.mybank.example', 'https://evil.example/login')).toEqual({ shown: 'www.mybank.example', actual: 'evil.example' });
    // Punctuation after the name hides nothing.
    for (const text of ['www.paypal.com.', 'paypal.com,', 'paypal.com-', '(paypal.com)'])
      expect(deceptiveLink(text, 'https://evil.example/')).toEqual({ shown: text.replace(/^\(|[.,)-]+$/g, ''), actual: 'evil.example' });
    expect(deceptiveLink('https://paypal.com/account', 'http://paypal.com.attacker.test/')).toEqual({
      shown: 'paypal.com',
      actual: 'paypal.com.attacker.test',
    });
    expect(deceptiveLink('Read the report', 'https://evil.example/')).toBeNull();
    expect(deceptiveLink('example.com', 'https://www.example.com/path')).toBeNull();
    expect(deceptiveLink('news.example.com', 'https://example.com/')).toBeNull();
  });

  it('finds URLs in plain text and leaves trailing punctuation out', () => {
    expect(splitLinks('See https://example.com/a?b=1. Thanks')).toEqual([
      { text: 'See ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: '. Thanks' },
    ]);
  });
});
