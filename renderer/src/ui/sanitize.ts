import DOMPurify from 'dompurify';
import { cssLoadsRemote, cssValueLoadsRemote, srcsetUrls, urlKind } from './remote-content';

/** Only inline content may load inside a message: remote images are trackers until the user says otherwise. */
const messageCsp = (remoteImages: boolean): string =>
  `default-src 'none'; img-src data:${remoteImages ? ' https: http:' : ''}; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'`;
/** Attributes whose value the browser loads (or follows, for a link: those stay, the reader checks them on click). */
const urlAttributes = ['src', 'srcset', 'imagesrcset', 'background', 'poster', 'lowsrc', 'dynsrc', 'href', 'xlink:href', 'data', 'codebase'];
const linkElements = new Set(['a', 'area']);

/** The Content-ID a cid: URL names; a malformed escape names nothing rather than breaking the reader. */
function contentIdOf(source: string): string {
  try {
    return decodeURIComponent(source.trim().slice(4)).replace(/^<|>$/g, '');
  } catch {
    return '';
  }
}

export interface SandboxedDocument {
  srcdoc: string;
  blockedRemote: number;
  /** Images the message carries itself (cid:), not shown until the user allows images. */
  blockedInline: number;
}

/**
 * Sanitizes message HTML and wraps it in a document with its own CSP. It is shown in an iframe with an
 * empty sandbox, so even what slipped through could neither run script nor reach the app.
 */
export function toSandboxedDocument(
  html: string,
  inlineImages: Readonly<Record<string, string>> = {},
  options: { remoteImages?: boolean } = {},
): SandboxedDocument {
  const remoteImages = options.remoteImages ?? false;
  let blockedRemote = 0;
  let blockedInline = 0;
  const purifier = DOMPurify();
  purifier.addHook('afterSanitizeAttributes', (node) => {
    const source = node.getAttribute('src');
    if (source !== null && /^\s*cid:/i.test(source)) {
      const image = inlineImages[contentIdOf(source)];
      // Only data: URLs made by main from the message's own parts; anything else stays out.
      if (image !== undefined && /^data:image\/(png|jpeg|gif|webp);base64,/.test(image)) node.setAttribute('src', image);
      else {
        node.removeAttribute('src');
        blockedInline += 1;
      }
    }
    // Links open through the reader (which checks them), never inside the frame or a new window.
    node.removeAttribute('target');
    for (const { name, value } of Array.from(node.attributes)) {
      const attribute = name.toLowerCase();
      if (linkElements.has(node.localName) && (attribute === 'href' || attribute === 'xlink:href')) continue;
      if (urlAttributes.includes(attribute)) {
        const kinds = (attribute.endsWith('srcset') ? srcsetUrls(value) : [value]).map(urlKind);
        // A fragment names an element of the message only where SVG references one (href); in src it is the app's URL.
        const local = kinds.every((kind) => kind === 'inline' || (kind === 'fragment' && attribute.endsWith('href')));
        const allowedRemote = remoteImages && kinds.every((kind) => kind === 'inline' || kind === 'remote');
        if (local || allowedRemote) continue;
        node.removeAttribute(name);
        if (kinds.includes('remote')) blockedRemote += 1;
      } else if (!remoteImages && (attribute === 'style' ? cssLoadsRemote(value) : cssValueLoadsRemote(value))) {
        // Style attributes, and presentation attributes such as fill="url(…)" or filter="url(…)".
        node.removeAttribute(name);
        blockedRemote += 1;
      }
    }
  });
  // A style sheet can load pictures, fonts and other sheets as well as any attribute can.
  purifier.addHook('afterSanitizeElements', (node) => {
    if (remoteImages || node.nodeName.toLowerCase() !== 'style' || !cssLoadsRemote(node.textContent ?? '')) return;
    node.parentNode?.removeChild(node);
    blockedRemote += 1;
  });
  const clean = purifier.sanitize(html, {
    FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'iframe', 'frame', 'object', 'embed', 'meta', 'link', 'base', 'script'],
    FORBID_ATTR: ['action', 'formaction', 'ping'],
    ALLOW_DATA_ATTR: false,
  });
  const srcdoc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${messageCsp(remoteImages)}"><meta name="referrer" content="no-referrer"><style>body{font-family:system-ui,sans-serif;margin:0;padding:12px;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body>${clean}</body></html>`;
  return { srcdoc, blockedRemote, blockedInline };
}
