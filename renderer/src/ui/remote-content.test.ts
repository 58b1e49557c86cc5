import { describe, expect, it } from 'vitest';
import { cssLoadsRemote, cssValueLoadsRemote, srcsetUrls, urlKind } from './remote-content';

describe('what message HTML would load', () => {
  it('tells the message’s own pictures and elements from the web and from everything else', () => {
    expect(urlKind('data:image/png;base64,AAAA')).toBe('inline');
    expect(urlKind('#filter')).toBe('fragment');
    for (const url of ['https://t.example/p.gif', '//t.example/p.gif', ' \n\tHTTP://t.example', '\\\\t.example/p', 'http:t.example'])
      expect(urlKind(url)).toBe('remote');
    for (const url of ['x', '/pixel.png', 'javascript:alert(1)', 'data:text/html,<script>', 'cid:logo', 'file:///etc/passwd'])
      expect(urlKind(url)).toBe('other');
  });

  it('reads every URL of a srcset, commas inside data: URLs included', () => {
    expect(srcsetUrls('data:image/gif;base64,R0lG,AA 1x, https://t.example/2.png 2x,https://t.example/3.png')).toEqual([
      'data:image/gif;base64,R0lG,AA',
      'https://t.example/2.png',
      'https://t.example/3.png',
    ]);
  });

  it('finds URLs in CSS however they are spelled', () => {
    for (const css of [
      "@import 'x.css'",
      'background:url(https://t.example/bg.png)',
      'background:URL( "//t.example/bg.png" )',
      'background:u\\72 l(https://t.example/e.png)',
      'background:url/**/(x.png)',
      "background-image:image-set('https://t.example/s.png' 1x)",
      'width:expression(fetch("http://t.example/"))',
      "div{--u:'https:t.example/x';background-image:image-set(var(--u) 1x)}",
      "background-image:image-set(url(data:image/png;base64,AAAA) 1x, 'https:t.example/x' 2x)",
    ])
      expect(cssLoadsRemote(css), css).toBe(true);
    for (const css of ['color:red', 'background:url(data:image/png;base64,AAAA)', "fill:url('#gradient')", "content:'a/b'"])
      expect(cssLoadsRemote(css), css).toBe(false);
    expect(cssValueLoadsRemote('url(https://t.example/f.svg#f)')).toBe(true);
    expect(cssValueLoadsRemote('url(#f)')).toBe(false);
  });
});
