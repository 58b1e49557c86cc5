/**
 * What a URL in message HTML would load. `inline`: a picture the message carries (data:image). `fragment`:
 * an element of the same message (SVG `href="#f"`). `remote`: the web, a tracker until the user allows it.
 * `other`: anything else (relative paths resolve against the app's own origin, other schemes run or
 * navigate), which a message never needs to load.
 */
export type UrlKind = 'inline' | 'fragment' | 'remote' | 'other';

export function urlKind(url: string): UrlKind {
  // Browsers drop leading and trailing C0 controls and spaces, and every tab and newline, before parsing.
  const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, ''); // eslint-disable-line no-control-regex
  if (/^data:image\//i.test(cleaned)) return 'inline';
  if (cleaned.startsWith('#')) return 'fragment';
  if (/^(https?:)?[/\\]{2}/i.test(cleaned) || /^https?:/i.test(cleaned)) return 'remote';
  return 'other';
}

/** The URLs of a srcset, read the way the HTML parser reads them (a data: URL may hold commas). */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let rest = srcset;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    const url = /^\S+/.exec(rest)?.[0];
    if (url === undefined) return urls;
    rest = rest.slice(url.length);
    if (url.endsWith(',')) {
      urls.push(url.replace(/,+$/, ''));
      continue;
    }
    urls.push(url);
    const comma = rest.indexOf(',');
    rest = comma === -1 ? '' : rest.slice(comma + 1);
  }
}

/** CSS as the browser reads it: comments gone and escapes (`u\72 l(`) decoded, so tricks cannot hide a URL. */
function normalizeCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, '')
    .replace(/\\([0-9a-f]{1,6})[ \t\n\r\f]?/gi, (_match, hex: string) => {
      const code = Number.parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    })
    .replace(/\\(.)/g, '$1')
    .toLowerCase();
}

/** The URLs CSS asks for through url(), src() and image-set(), whatever escapes or comments hide them. */
export function cssUrlTargets(css: string): string[] {
  const text = normalizeCss(css);
  return [
    ...Array.from(text.matchAll(/(?:url|src)\(\s*(['"]?)([^'")]*)/g), (match) => match[2] ?? ''),
    ...Array.from(text.matchAll(/image-set\(([^)]*)/g), (match) => match[1] ?? '').flatMap((list) =>
      Array.from(list.matchAll(/(['"])(.*?)\1/g), (match) => match[2] ?? ''),
    ),
  ];
}

const isLocal = (url: string): boolean => ['inline', 'fragment'].includes(urlKind(url));

/** Whether a CSS value (a presentation attribute like fill="url(…)") would load anything but the message's own. */
export function cssValueLoadsRemote(value: string): boolean {
  return !cssUrlTargets(value).every(isLocal);
}

/**
 * Whether a style sheet or style attribute would load anything but the message's own pictures and
 * elements: any @import, any url()/src()/image-set() to elsewhere, any absolute URL at all (a URL outside
 * the functions browsers load today may be loaded by one tomorrow). Errs on the side of "yes"; the
 * frame's CSP stays the backstop.
 */
export function cssLoadsRemote(css: string): boolean {
  const text = normalizeCss(css);
  if (text.includes('@import') || cssValueLoadsRemote(css)) return true;
  // A custom property can hand image-set() a URL that no pattern here sees in place.
  if (text.includes('image-set(') && text.includes('var(')) return true;
  // data: pictures may hold '//' (an SVG's xmlns), and load nothing. 'https:evil.example/x', without its
  // slashes, is a URL too.
  return /https?:|\/\//.test(text.replace(/data:image\/[^'")\s]*/g, ''));
}
