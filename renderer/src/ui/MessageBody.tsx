import { use, useCallback, useMemo, useRef, useState } from 'react';
import { ComposeContext } from './compose-context';
import type { CachedBody } from '../cache/db';
import { ConfirmDialog } from './Dialog';
import { linkTargetText } from './format';
import { highlight } from './highlight';
import { deceptiveLink, openableUrl, splitLinks } from './links';
import { toSandboxedDocument } from './sanitize';

const xlinkNamespace = 'http://www.w3.org/1999/xlink';

interface LinkProps {
  /** Shows a link's real target while the pointer is on it (null when it leaves). */
  onHover: (href: string | null) => void;
  onOpen: (href: string, text: string) => void;
}

interface HtmlProps extends LinkProps {
  html: string;
  inlineImages: Record<string, string> | undefined;
  remoteImages: boolean;
  sender: string | null;
  onShowImages: () => void;
  onLoadRemoteOnce: () => void;
  onAlwaysLoadRemote: () => void;
}

/**
 * The sanitized HTML in a frame that runs no script (sandbox without allow-scripts). allow-same-origin
 * only lets the reader attach its own listeners: links open through the reader's checks, never inside
 * the frame.
 */
function HtmlBody({ html, inlineImages, remoteImages, sender, onShowImages, onLoadRemoteOnce, onAlwaysLoadRemote, onHover, onOpen }: HtmlProps) {
  const document = useMemo(() => toSandboxedDocument(html, inlineImages, { remoteImages }), [html, inlineImages, remoteImages]);
  const frame = useRef<HTMLIFrameElement>(null);
  const attach = useCallback(() => {
    const content = frame.current?.contentDocument;
    if (content === null || content === undefined) return;
    // Every element the browser would follow: HTML links, image-map areas, and SVG links (href or xlink:href).
    const linkOf = (target: EventTarget | null): Element | null =>
      target instanceof (content.defaultView?.Element ?? Element) ? target.closest('a[href], area[href], a[*|href]') : null;
    const hrefOf = (link: Element): string => link.getAttribute('href') ?? link.getAttributeNS(xlinkNamespace, 'href') ?? '';
    // What the link says it is: an image-map area's alt text; else its text, or its pictures' alt texts.
    // An alt attribute on an <a> is no text anyone sees, so it cannot stand in for what the link shows.
    const shownTextOf = (link: Element): string => {
      if (link.localName === 'area') return link.getAttribute('alt') ?? '';
      const text = link.textContent.trim();
      return text !== '' ? text : Array.from(link.querySelectorAll('img[alt]'), (image) => image.getAttribute('alt') ?? '').join(' ');
    };
    const follow = (event: MouseEvent): void => {
      const link = linkOf(event.target);
      if (link === null) return;
      event.preventDefault();
      // A middle click opens a link too: through the same checks, never around them.
      if (event.button <= 1) onOpen(hrefOf(link), shownTextOf(link));
    };
    content.addEventListener('click', follow);
    content.addEventListener('auxclick', follow);
    content.addEventListener('mouseover', (event) => {
      const link = linkOf(event.target);
      if (link !== null) onHover(hrefOf(link));
    });
    content.addEventListener('mouseout', (event) => {
      if (linkOf(event.target) !== null) onHover(null);
    });
  }, [onHover, onOpen]);
  return (
    <>
      {document.blockedRemote > 0 && !remoteImages && (
        <p className="notice remote-banner" role="note">
          Remote images are blocked to protect your privacy.{' '}
          <button type="button" onClick={onLoadRemoteOnce}>
            Load images
          </button>
          {sender !== null && (
            <button type="button" onClick={onAlwaysLoadRemote}>
              Always load from {sender}
            </button>
          )}
        </p>
      )}
      {document.blockedInline > 0 && inlineImages === undefined && (
        <p className="notice">
          This message has pictures of its own.{' '}
          <button type="button" onClick={onShowImages}>
            Show pictures
          </button>
        </p>
      )}
      <iframe ref={frame} className="html-body" title="Message body" sandbox="allow-same-origin" srcDoc={document.srcdoc} onLoad={attach} />
    </>
  );
}

function PlainBody({ text, terms, onHover, onOpen }: { text: string; terms: readonly string[] } & LinkProps) {
  return (
    <pre className="plain-body">
      {splitLinks(text).map((part, index) =>
        part.href === undefined ? (
          <span key={index}>{highlight(part.text, terms)}</span>
        ) : (
          <a
            key={index}
            href={part.href}
            onMouseEnter={() => {
              onHover(part.href ?? null);
            }}
            onMouseLeave={() => {
              onHover(null);
            }}
            onClick={(event) => {
              event.preventDefault();
              onOpen(part.href ?? '', part.text);
            }}
          >
            {part.text}
          </a>
        ),
      )}
    </pre>
  );
}

/** Opens a link in the system browser (Electron's window-open handler sends it there), never in the app. */
function openExternally(url: URL): void {
  window.open(url.href, '_blank', 'noopener,noreferrer');
}

interface BodyProps {
  body: CachedBody;
  highlightTerms: readonly string[];
  remoteImages: boolean;
  sender: string | null;
  onShowImages: () => void;
  onLoadRemoteOnce: () => void;
  onAlwaysLoadRemote: () => void;
}

/** A message's text, its links made safe to follow: the real target shows on hover, deceptive ones warn. */
export function MessageBody({ body, highlightTerms, ...options }: BodyProps) {
  const [hovered, setHovered] = useState<string | null>(null);
  const [warning, setWarning] = useState<{ url: URL; shown: string; actual: string } | null>(null);
  const compose = use(ComposeContext);
  const open = useCallback(
    (href: string, text: string) => {
      const url = openableUrl(href);
      if (url === null) return;
      // An address to write to is Kestrel's own business: it opens a new message here.
      if (url.protocol === 'mailto:') {
        compose(url.href);
        return;
      }
      const deceptive = deceptiveLink(text, href);
      if (deceptive === null) openExternally(url);
      else setWarning({ url, ...deceptive });
    },
    [compose],
  );
  // A part that decodes to nothing (a multipart whose boundary never appears, say) says so rather than showing a blank.
  if (body.kind === 'none' || body.text.trim() === '') return <p className="hint">This message has no text to show.</p>;
  return (
    <>
      {body.kind === 'html' ? (
        <HtmlBody html={body.text} inlineImages={body.inlineImages} {...options} onHover={setHovered} onOpen={open} />
      ) : (
        <PlainBody text={body.text} terms={highlightTerms} onHover={setHovered} onOpen={open} />
      )}
      {body.truncated && <p className="notice">This message is very long; only its beginning is shown.</p>}
      <p className="link-target" aria-live="polite">
        {hovered === null ? '' : `Link goes to ${linkTargetText(hovered)}`}
      </p>
      {warning !== null && (
        <ConfirmDialog
          title="This link may not go where it says"
          confirmLabel={`Open ${warning.actual}`}
          onCancel={() => {
            setWarning(null);
          }}
          onConfirm={() => {
            openExternally(warning.url);
            setWarning(null);
          }}
        >
          <p>
            The link’s text names <strong>{warning.shown}</strong>, but it leads to <strong>{warning.actual}</strong>. Messages that do this are often
            phishing. Open it only if you trust the sender.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
