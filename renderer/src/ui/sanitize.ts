import DOMPurify from 'dompurify';

/** Only inline content may load inside a message: remote images are trackers until the user says otherwise. */
const messageCsp = (remoteImages: boolean): string =>
  `default-src 'none'; img-src data:${remoteImages ? ' https: http:' : ''}; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'`;
const remoteUrl = /^\s*(https?:)?\/\//i;
const urlAttributes = ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc'];

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
    if (remoteImages) return;
    for (const attribute of urlAttributes) {
      const value = node.getAttribute(attribute);
      if (value !== null && remoteUrl.test(value)) {
        node.removeAttribute(attribute);
        blockedRemote += 1;
      }
    }
    const style = node.getAttribute('style');
    if (style !== null && /url\s*\(/i.test(style)) {
      node.removeAttribute('style');
      blockedRemote += 1;
    }
  });
  const clean = purifier.sanitize(html, {
    FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'iframe', 'frame', 'object', 'embed', 'meta', 'link', 'base', 'script'],
    FORBID_ATTR: ['action', 'formaction', 'ping'],
    ALLOW_DATA_ATTR: false,
  });
  const srcdoc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${messageCsp(remoteImages)}"><meta name="referrer" content="no-referrer"><style>body{font-family:system-ui,sans-serif;margin:0;padding:12px;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body>${clean}</body></html>`;
  return { srcdoc, blockedRemote, blockedInline };
}
