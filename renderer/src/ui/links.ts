/** Where a message's link may take the user: the web and mail, nothing the system might run. */
const OPENABLE = new Set(['http:', 'https:', 'mailto:']);

export function openableUrl(href: string): URL | null {
  try {
    const url = new URL(href);
    return OPENABLE.has(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

/** A host name the visible text of a link spells out ("www.bank.example", "https://bank.example/login"). */
function hostNamedBy(text: string): string | null {
  // The host ends wherever a character that cannot continue it follows: a path, a space, or punctuation
  // ("www.paypal.com." and "paypal.com," name paypal.com too).
  const match = /(?:https?:\/\/)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})(?![a-z0-9])/i.exec(text.trim());
  return match?.[1]?.toLowerCase() ?? null;
}

function sameSite(a: string, b: string): boolean {
  const bare = (host: string): string => host.replace(/^www\./, '');
  const [x, y] = [bare(a), bare(b)];
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/**
 * A link whose text names one site while it leads to another: the classic phishing trick. Returns the
 * two hosts to show the user, or null when the text names no site or the same one.
 */
export function deceptiveLink(text: string, href: string): { shown: string; actual: string } | null {
  const url = openableUrl(href);
  if (url === null || url.protocol === 'mailto:') return null;
  const shown = hostNamedBy(text);
  if (shown === null || sameSite(shown, url.hostname.toLowerCase())) return null;
  return { shown, actual: url.hostname.toLowerCase() };
}

/** URLs in plain text, for the reader to make clickable; trailing punctuation stays text. */
export function splitLinks(text: string): Array<{ text: string; href?: string }> {
  const parts: Array<{ text: string; href?: string }> = [];
  const pattern = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'}]/gi;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: match[0], href: match[0] });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
