/**
 * Hostile HTML mail, generated from families of known tricks (XSS cheat sheets, the DOMPurify bypass
 * write-ups, tracking techniques). Every URL points at a loopback "sink" under `/c/<id>/`, so a request
 * that gets out is counted and traced back to its case; every script calls `ran(id)`, which records the
 * case on the app's window (and would also call the sink), so a script that runs is caught either way.
 */

export interface HostileCase {
  id: number;
  family: string;
  name: string;
  html: string;
}

/** What a payload needs to point at: the sink's origin. */
export interface HostileTargets {
  sink: string;
}

/** The global a script that ran leaves on the app's window. */
export const SCRIPT_MARK = '__kestrelHostileRan';

type Build = (id: number) => string;
interface Entry {
  family: string;
  name: string;
  build: Build;
}

/** Every event handler attribute HTML, SVG and the platform define (WHATWG GlobalEventHandlers and friends). */
export const EVENT_HANDLERS = [
  'onabort',
  'onafterprint',
  'onanimationcancel',
  'onanimationend',
  'onanimationiteration',
  'onanimationstart',
  'onauxclick',
  'onbeforecopy',
  'onbeforecut',
  'onbeforeinput',
  'onbeforematch',
  'onbeforepaste',
  'onbeforeprint',
  'onbeforetoggle',
  'onbeforeunload',
  'onbegin',
  'onblur',
  'oncancel',
  'oncanplay',
  'oncanplaythrough',
  'onchange',
  'onclick',
  'onclose',
  'oncontentvisibilityautostatechange',
  'oncontextlost',
  'oncontextmenu',
  'oncontextrestored',
  'oncopy',
  'oncuechange',
  'oncut',
  'ondblclick',
  'ondrag',
  'ondragend',
  'ondragenter',
  'ondragexit',
  'ondragleave',
  'ondragover',
  'ondragstart',
  'ondrop',
  'ondurationchange',
  'onemptied',
  'onend',
  'onended',
  'onerror',
  'onfocus',
  'onfocusin',
  'onfocusout',
  'onformdata',
  'onfullscreenchange',
  'onfullscreenerror',
  'ongotpointercapture',
  'onhashchange',
  'oninput',
  'oninvalid',
  'onkeydown',
  'onkeypress',
  'onkeyup',
  'onlanguagechange',
  'onload',
  'onloadeddata',
  'onloadedmetadata',
  'onloadend',
  'onloadstart',
  'onlostpointercapture',
  'onmessage',
  'onmessageerror',
  'onmousedown',
  'onmouseenter',
  'onmouseleave',
  'onmousemove',
  'onmouseout',
  'onmouseover',
  'onmouseup',
  'onmousewheel',
  'onoffline',
  'ononline',
  'onpagehide',
  'onpagereveal',
  'onpageshow',
  'onpageswap',
  'onpaste',
  'onpause',
  'onplay',
  'onplaying',
  'onpointercancel',
  'onpointerdown',
  'onpointerenter',
  'onpointerleave',
  'onpointermove',
  'onpointerout',
  'onpointerover',
  'onpointerrawupdate',
  'onpointerup',
  'onpopstate',
  'onprogress',
  'onratechange',
  'onrejectionhandled',
  'onrepeat',
  'onreset',
  'onresize',
  'onscroll',
  'onscrollend',
  'onscrollsnapchange',
  'onscrollsnapchanging',
  'onsearch',
  'onsecuritypolicyviolation',
  'onseeked',
  'onseeking',
  'onselect',
  'onselectionchange',
  'onselectstart',
  'onshow',
  'onslotchange',
  'onstalled',
  'onstorage',
  'onsubmit',
  'onsuspend',
  'ontimeupdate',
  'ontoggle',
  'ontransitioncancel',
  'ontransitionend',
  'ontransitionrun',
  'ontransitionstart',
  'onunhandledrejection',
  'onunload',
  'onvolumechange',
  'onwaiting',
  'onwebkitanimationend',
  'onwebkitanimationiteration',
  'onwebkitanimationstart',
  'onwebkittransitionend',
  'onwheel',
  'onzoom',
] as const;

/** Scheme spellings that browsers have at some point run or rendered as a document. */
const SCRIPT_URLS: ReadonlyArray<{ name: string; url: (script: string) => string }> = [
  { name: 'javascript:', url: (script) => `javascript:${script}` },
  { name: 'JaVaScRiPt: with a tab entity', url: (script) => `JaVa&#x09;ScRiPt:${script}` },
  { name: 'javascript: entity-encoded', url: (script) => `&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${script}` },
  { name: 'javascript: behind spaces and a newline', url: (script) => ` &#10; javascript:${script}` },
  { name: 'vbscript:', url: () => 'vbscript:msgbox(1)' },
  { name: 'data:text/html', url: (script) => `data:text/html;base64,${Buffer.from(`<script>${script}</script>`).toString('base64')}` },
  {
    name: 'data:image/svg+xml',
    url: (script) => `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" onload="${script}"/>`)}`,
  },
];

/** Where a URL can hide: each attribute on an element that would follow or load it. */
const URL_SLOTS: ReadonlyArray<{ name: string; wrap: (url: string) => string }> = [
  { name: 'a href', wrap: (url) => `<a href="${url}">link</a>` },
  { name: 'area href', wrap: (url) => `<map name="m"><area shape="rect" coords="0,0,50,50" href="${url}"></map><img usemap="#m" alt="map">` },
  { name: 'img src', wrap: (url) => `<img src="${url}" alt="img">` },
  { name: 'iframe src', wrap: (url) => `<iframe src="${url}"></iframe>` },
  { name: 'form action', wrap: (url) => `<form action="${url}"><input name="q" value="x"><input type="submit"></form>` },
  { name: 'button formaction', wrap: (url) => `<form><button formaction="${url}">go</button></form>` },
  {
    name: 'svg a xlink:href',
    wrap: (url) => `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="${url}"><text x="10" y="20">svg link</text></a></svg>`,
  },
  { name: 'object data', wrap: (url) => `<object data="${url}"></object>` },
  { name: 'embed src', wrap: (url) => `<embed src="${url}">` },
  { name: 'math href', wrap: (url) => `<math href="${url}"><mi>x</mi></math>` },
];

function entries(targets: HostileTargets): Entry[] {
  const sink = (id: number, what: string): string => `${targets.sink}/c/${String(id)}/${what}`;
  // Leaves a mark on the app's window and calls the sink: one of the two is seen whatever CSP allows.
  const ran = (id: number): string => `top.${SCRIPT_MARK}=${String(id)};fetch('${sink(id, 'script')}')`;
  const list: Entry[] = [];
  const add = (family: string, name: string, build: Build): void => {
    list.push({ family, name, build });
  };

  // --- Scripts
  add('script', 'inline script', (id) => `<script>${ran(id)}</script>`);
  add('script', 'external script', (id) => `<script src="${sink(id, 'x.js')}"></script>`);
  add('script', 'module script', (id) => `<script type="module">${ran(id)}</script>`);
  add('script', 'upper-case SCRIPT', (id) => `<SCRIPT>${ran(id)}</SCRIPT>`);
  add('script', 'script in svg', (id) => `<svg><script>${ran(id)}</script></svg>`);
  add('script', 'svg script href', (id) => `<svg><script href="${sink(id, 'svg.js')}"></script></svg>`);
  add('script', 'script in math', (id) => `<math><script>${ran(id)}</script></math>`);
  add('script', 'split tag', (id) => `<scr<script>ipt>${ran(id)}</scr</script>ipt>`);
  add('script', 'slash attribute', (id) => `<script/x src="${sink(id, 'slash.js')}"></script>`);
  add('script', 'img onerror', (id) => `<img src="x" onerror="${ran(id)}">`);
  add('script', 'svg onload', (id) => `<svg onload="${ran(id)}"></svg>`);
  add('script', 'body onload', (id) => `<body onload="${ran(id)}">`);
  add('script', 'template content', (id) => `<template><script>${ran(id)}</script></template><div>after template</div>`);
  add('script', 'importmap', (id) => `<script type="importmap">{"imports":{"a":"${sink(id, 'map.js')}"}}</script>`);
  add(
    'script',
    'speculation rules',
    (id) => `<script type="speculationrules">{"prefetch":[{"source":"list","urls":["${sink(id, 'spec')}"]}]}</script>`,
  );

  // --- Every event handler, on elements that fire it by themselves where any do; three to a message
  // keep the suite's running time down without losing track of which handler ran.
  for (let start = 0; start < EVENT_HANDLERS.length; start += 3) {
    const handlers = EVENT_HANDLERS.slice(start, start + 3);
    add('event handler', handlers.join(', '), (id) =>
      handlers
        .map((handler) =>
          [
            `<img src="x" ${handler}="${ran(id)}" alt="h">`,
            `<div ${handler}="${ran(id)}" style="animation:spin 1ms;transition:color 1ms" tabindex="1" autofocus>target</div>`,
            `<details open ${handler}="${ran(id)}"><summary>s</summary></details>`,
            `<svg ${handler}="${ran(id)}"><animate ${handler}="${ran(id)}" attributeName="x" dur="1ms"/></svg>`,
            `<input autofocus ${handler}="${ran(id)}">`,
            `<video src="x" ${handler}="${ran(id)}"></video>`,
          ].join(''),
        )
        .join(''),
    );
  }

  // --- Script and data URLs in every attribute that follows or loads one
  for (const scheme of SCRIPT_URLS) {
    for (const slot of URL_SLOTS) add('script url', `${scheme.name} in ${slot.name}`, (id) => slot.wrap(scheme.url(ran(id))));
  }
  add('script url', 'javascript: in input formaction', (id) => `<form><input type="submit" formaction="javascript:${ran(id)}"></form>`);
  add('script url', 'javascript: in iframe srcdoc', (id) => `<iframe srcdoc="&lt;script&gt;${ran(id)}&lt;/script&gt;"></iframe>`);
  add('script url', 'javascript: in link href', (id) => `<link rel="stylesheet" href="javascript:${ran(id)}">`);

  // --- SVG and MathML
  add(
    'svg',
    'animate sets href to javascript:',
    (id) => `<svg><a><animate attributeName="href" values="javascript:${ran(id)}"/><text x="20" y="20">click</text></a></svg>`,
  );
  add(
    'svg',
    'set sets href to javascript:',
    (id) => `<svg><a><set attributeName="href" to="javascript:${ran(id)}"/><text x="20" y="20">click</text></a></svg>`,
  );
  add(
    'svg',
    'animate sets xlink:href',
    (id) =>
      `<svg><a xlink:href="#"><animate attributeName="xlink:href" begin="0" from="javascript:${ran(id)}" to="&"/><text x="20" y="20">click</text></a></svg>`,
  );
  add('svg', 'animate onbegin', (id) => `<svg><animate onbegin="${ran(id)}" attributeName="x" dur="1s"/></svg>`);
  add('svg', 'set onload via attributeName', (id) => `<svg><set attributeName="onload" to="${ran(id)}"/></svg>`);
  add(
    'svg',
    'foreignObject iframe',
    (id) => `<svg><foreignObject width="100" height="100"><iframe src="${sink(id, 'fo-frame')}"></iframe></foreignObject></svg>`,
  );
  add('svg', 'foreignObject img', (id) => `<svg><foreignObject width="100" height="100"><img src="${sink(id, 'fo.png')}"></foreignObject></svg>`);
  add('svg', 'foreignObject script', (id) => `<svg><foreignObject><script>${ran(id)}</script></foreignObject></svg>`);
  add('svg', 'use remote href', (id) => `<svg><use href="${sink(id, 'use.svg')}#x"/></svg>`);
  add('svg', 'use xlink:href remote', (id) => `<svg><use xlink:href="${sink(id, 'use2.svg')}#x"/></svg>`);
  add(
    'svg',
    'use data: svg with script',
    (id) =>
      `<svg><use href="data:image/svg+xml;base64,${Buffer.from(`<svg id="x" xmlns="http://www.w3.org/2000/svg"><image href="x" onerror="${ran(id)}"/></svg>`).toString('base64')}#x"/></svg>`,
  );
  add('svg', 'image href', (id) => `<svg><image href="${sink(id, 'image.png')}" width="10" height="10"/></svg>`);
  add('svg', 'image xlink:href', (id) => `<svg><image xlink:href="${sink(id, 'ximage.png')}" width="10" height="10"/></svg>`);
  add(
    'svg',
    'feImage',
    (id) => `<svg><filter id="f"><feImage href="${sink(id, 'feimage.png')}"/></filter><rect width="50" height="50" filter="url(#f)"/></svg>`,
  );
  add(
    'svg',
    'feImage xlink:href',
    (id) => `<svg><filter id="g"><feImage xlink:href="${sink(id, 'feimage2.png')}"/></filter><rect width="50" height="50" filter="url(#g)"/></svg>`,
  );
  add('svg', 'filter url remote', (id) => `<svg><rect width="50" height="50" filter="url(${sink(id, 'filter.svg')}#f)"/></svg>`);
  add(
    'svg',
    'pattern image',
    (id) =>
      `<svg><defs><pattern id="p" width="10" height="10"><image href="${sink(id, 'pattern.png')}"/></pattern></defs><rect fill="url(#p)" width="20" height="20"/></svg>`,
  );
  add('svg', 'svg style import', (id) => `<svg><style>@import '${sink(id, 'svg-import.css')}';</style></svg>`);
  add('svg', 'svg style with img in text', (id) => `<svg><style><img src="${sink(id, 'svg-style.png')}" onerror="${ran(id)}"></style></svg>`);
  add('svg', 'svg a href remote, target', (id) => `<svg><a href="${sink(id, 'svg-a')}" target="_top"><text x="0" y="15">svg</text></a></svg>`);
  add('svg', 'handler element', (id) => `<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">${ran(id)}</handler></svg>`);
  add('svg', 'cursor element', (id) => `<svg><cursor xlink:href="${sink(id, 'cursor.png')}"/></svg>`);
  add('svg', 'tref', (id) => `<svg><text><tref xlink:href="${sink(id, 'tref.svg')}#t"/></text></svg>`);
  add(
    'mathml',
    'maction xlink:href',
    (id) => `<math><maction actiontype="statusline" xlink:href="javascript:${ran(id)}">click<mtext>x</mtext></maction></math>`,
  );
  add('mathml', 'mglyph src', (id) => `<math><mglyph src="${sink(id, 'mglyph.png')}"/></math>`);
  add('mathml', 'mtext img', (id) => `<math><mtext><img src="${sink(id, 'mtext.png')}"></mtext></math>`);
  add(
    'mathml',
    'annotation-xml html',
    (id) => `<math><annotation-xml encoding="text/html"><img src="x" onerror="${ran(id)}"></annotation-xml></math>`,
  );
  add(
    'mathml',
    'annotation-xml svg',
    (id) => `<math><annotation-xml encoding="application/xhtml+xml"><svg onload="${ran(id)}"></svg></annotation-xml></math>`,
  );
  add('mathml', 'math href on mi', (id) => `<math><mi href="javascript:${ran(id)}">x</mi></math>`);

  // --- CSS
  const css: ReadonlyArray<[string, (id: number) => string]> = [
    ['@import string', (id) => `<style>@import '${sink(id, 'import.css')}';</style>`],
    ['@import url()', (id) => `<style>@import url(${sink(id, 'import2.css')});</style>`],
    ['background url() in <style>', (id) => `<style>body{background:url(${sink(id, 'bg.png')})}</style>`],
    ['@font-face', (id) => `<style>@font-face{font-family:x;src:url(${sink(id, 'font.woff')})}body{font-family:x}</style>`],
    ['list-style-image', (id) => `<style>li{list-style-image:url(${sink(id, 'li.png')})}</style><ul><li>a</li></ul>`],
    ['cursor url()', (id) => `<style>body{cursor:url(${sink(id, 'cursor.cur')}),auto}</style>`],
    ['content url()', (id) => `<style>p::before{content:url(${sink(id, 'content.png')})}</style><p>x</p>`],
    ['border-image', (id) => `<style>div{border:5px solid;border-image:url(${sink(id, 'border.png')}) 30}</style><div>x</div>`],
    ['mask-image', (id) => `<style>div{-webkit-mask-image:url(${sink(id, 'mask.png')});mask-image:url(${sink(id, 'mask.png')})}</style><div>x</div>`],
    ['image-set in <style>', (id) => `<style>div{background-image:image-set("${sink(id, 'set.png')}" 1x)}</style><div>x</div>`],
    ['-webkit-image-set in <style>', (id) => `<style>div{background-image:-webkit-image-set(url(${sink(id, 'wset.png')}) 1x)}</style><div>x</div>`],
    ['escaped url in <style>', (id) => `<style>div{background:u\\72 l(${sink(id, 'esc.png')})}</style><div>x</div>`],
    ['comment-split url in <style>', (id) => `<style>div{background:url/**/(${sink(id, 'comment.png')})}</style><div>x</div>`],
    ['@namespace url', (id) => `<style>@namespace url(${sink(id, 'ns')});</style>`],
    ['style in head position', (id) => `<html><head><style>body{background:url(${sink(id, 'head.png')})}</style></head><body>x</body></html>`],
    ['style attribute url()', (id) => `<div style="background:url(${sink(id, 'attr.png')})">x</div>`],
    ['style attribute url with quotes and case', (id) => `<div style="BACKGROUND-IMAGE: URL( '${sink(id, 'attr2.png')}' )">x</div>`],
    ['style attribute image-set', (id) => `<div style="background-image:image-set('${sink(id, 'attr-set.png')}' 1x)">x</div>`],
    ['style attribute -webkit-image-set', (id) => `<div style="background-image:-webkit-image-set('${sink(id, 'attr-wset.png')}' 1x)">x</div>`],
    ['style attribute escaped url', (id) => `<div style="background:u\\72 l(${sink(id, 'attr-esc.png')})">x</div>`],
    ['style attribute entity-encoded url', (id) => `<div style="background:&#117;&#114;&#108;(${sink(id, 'attr-ent.png')})">x</div>`],
    ['style attribute @import', (id) => `<div style="@import '${sink(id, 'attr-import.css')}'">x</div>`],
    ['style attribute expression()', (id) => `<div style="width:expression(${ran(id)})">x</div>`],
    ['style attribute behavior', (id) => `<div style="behavior:url(${sink(id, 'x.htc')})">x</div>`],
    ['style attribute -moz-binding', (id) => `<div style="-moz-binding:url(${sink(id, 'x.xml')}#x)">x</div>`],
    ['style attribute list-style', (id) => `<ul style="list-style:url(${sink(id, 'attr-li.png')})"><li>x</li></ul>`],
    ['style attribute cursor', (id) => `<div style="cursor:url(${sink(id, 'attr-cursor.cur')}),auto">x</div>`],
    ['style attribute filter url', (id) => `<div style="filter:url(${sink(id, 'attr-filter.svg')}#f)">x</div>`],
    ['style attribute shape-outside', (id) => `<div style="float:left;shape-outside:url(${sink(id, 'shape.png')})">x</div>`],
    ['style attribute offset-path', (id) => `<div style="offset-path:url(${sink(id, 'path.svg')}#p)">x</div>`],
    ['style in noscript', (id) => `<noscript><style>body{background:url(${sink(id, 'noscript.png')})}</style></noscript>`],
    ['link stylesheet', (id) => `<link rel="stylesheet" href="${sink(id, 'link.css')}">`],
  ];
  for (const [name, build] of css) add('css', name, build);

  // --- meta, base, forms, frames
  const documents: ReadonlyArray<[string, string, (id: number) => string]> = [
    ['meta', 'refresh to the sink', (id) => `<meta http-equiv="refresh" content="0;url=${sink(id, 'refresh')}">`],
    ['meta', 'refresh to javascript:', (id) => `<meta http-equiv="refresh" content="0;url=javascript:${ran(id)}">`],
    [
      'meta',
      'refresh to data:',
      (id) => `<meta http-equiv="refresh" content="0;url=data:text/html;base64,${Buffer.from(`<script>${ran(id)}</script>`).toString('base64')}">`,
    ],
    [
      'meta',
      'CSP override',
      (id) => `<meta http-equiv="Content-Security-Policy" content="default-src *; img-src *"><img src="${sink(id, 'csp.png')}">`,
    ],
    ['meta', 'set-cookie', () => `<meta http-equiv="Set-Cookie" content="kestrel=hostile">`],
    [
      'meta',
      'refresh in body of full document',
      (id) => `<html><head><meta http-equiv="refresh" content="0; URL='${sink(id, 'refresh2')}'"></head><body>x</body></html>`,
    ],
    ['base', 'base href then relative image', (id) => `<base href="${targets.sink}/c/${String(id)}/"><img src="base.png">`],
    ['base', 'base href then relative link', (id) => `<base href="${targets.sink}/c/${String(id)}/"><a href="base-link">x</a>`],
    ['base', 'base target', () => `<base target="_top"><a href="https://example.invalid/">x</a>`],
    [
      'form',
      'autosubmitting form',
      (id) => `<form action="${sink(id, 'form')}" method="post"><input name="a" autofocus onfocus="this.form.submit()"></form>`,
    ],
    [
      'form',
      'password form (phishing)',
      (id) => `<form action="${sink(id, 'login')}">Password: <input type="password" name="p"><button>Log in</button></form>`,
    ],
    ['form', 'button formaction outside form', (id) => `<button form="f" formaction="${sink(id, 'outside')}">go</button><form id="f"></form>`],
    ['form', 'input type=image', (id) => `<form><input type="image" src="${sink(id, 'input.png')}"></form>`],
    ['form', 'isindex', (id) => `<isindex action="${sink(id, 'isindex')}" type="image" src="${sink(id, 'isindex.png')}">`],
    ['form', 'textarea breakout', (id) => `<textarea></textarea><img src="x" onerror="${ran(id)}"></textarea>`],
    ['frame', 'iframe', (id) => `<iframe src="${sink(id, 'iframe')}"></iframe>`],
    ['frame', 'iframe srcdoc with image', (id) => `<iframe srcdoc="&lt;img src='${sink(id, 'srcdoc.png')}'&gt;"></iframe>`],
    ['frame', 'frameset', (id) => `<frameset><frame src="${sink(id, 'frame')}"></frameset>`],
    ['frame', 'object', (id) => `<object data="${sink(id, 'object')}" type="text/html"></object>`],
    [
      'frame',
      'object with param',
      (id) => `<object><param name="movie" value="${sink(id, 'movie.swf')}"><embed src="${sink(id, 'movie2.swf')}"></object>`,
    ],
    ['frame', 'embed', (id) => `<embed src="${sink(id, 'embed')}" type="text/html">`],
    ['frame', 'applet', (id) => `<applet code="x" codebase="${sink(id, 'applet')}"></applet>`],
    ['frame', 'portal', (id) => `<portal src="${sink(id, 'portal')}"></portal>`],
    ['frame', 'fencedframe', (id) => `<fencedframe src="${sink(id, 'fenced')}"></fencedframe>`],
  ];
  for (const [family, name, build] of documents) add(family, name, build);

  // --- Images and media that load by themselves: srcset, preloads, tracking pixels, background attributes
  const loads: ReadonlyArray<[string, string, (id: number) => string]> = [
    ['srcset', 'img srcset', (id) => `<img srcset="${sink(id, 'srcset.png')} 1x" alt="s">`],
    [
      'srcset',
      'remote candidate after a data: one',
      (id) =>
        `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" srcset="data:image/gif;base64,R0lGODlhAQABAAAAACw= 1x, ${sink(id, 'srcset2.png')} 2x, ${sink(id, 'srcset3.png')} 3x">`,
    ],
    ['srcset', 'picture source srcset', (id) => `<picture><source srcset="${sink(id, 'picture.png')}"><img alt="p"></picture>`],
    [
      'srcset',
      'picture source with media',
      (id) =>
        `<picture><source media="(min-width:1px)" srcset="${sink(id, 'picture2.png')} 1x"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="p"></picture>`,
    ],
    ['srcset', 'imagesrcset on link', (id) => `<link rel="preload" as="image" imagesrcset="${sink(id, 'isrcset.png')} 1x">`],
    ['preload', 'link preload', (id) => `<link rel="preload" href="${sink(id, 'preload')}" as="image">`],
    ['preload', 'link prefetch', (id) => `<link rel="prefetch" href="${sink(id, 'prefetch')}">`],
    ['preload', 'link prerender', (id) => `<link rel="prerender" href="${sink(id, 'prerender')}">`],
    ['preload', 'link preconnect', (id) => `<link rel="preconnect" href="${sink(id, 'preconnect')}">`],
    ['preload', 'link modulepreload', (id) => `<link rel="modulepreload" href="${sink(id, 'module.js')}">`],
    ['preload', 'link icon', (id) => `<link rel="icon" href="${sink(id, 'icon.png')}">`],
    ['preload', 'link manifest', (id) => `<link rel="manifest" href="${sink(id, 'manifest.json')}">`],
    ['preload', 'link import', (id) => `<link rel="import" href="${sink(id, 'import.html')}">`],
    ['preload', 'a ping', (id) => `<a href="https://example.invalid/" ping="${sink(id, 'ping')}">x</a>`],
    ['tracking', '1x1 pixel', (id) => `<img src="${sink(id, 'pixel.gif')}" width="1" height="1" alt="">`],
    ['tracking', 'hidden pixel', (id) => `<img src="${sink(id, 'hidden.gif')}" style="display:none">`],
    ['tracking', 'protocol-relative pixel', (id) => `<img src="${sink(id, 'relative.gif').replace(/^https?:/, '')}">`],
    ['tracking', 'unquoted, upper-case SRC', (id) => `<IMG SRC=${sink(id, 'upper.gif')}>`],
    ['tracking', 'src with leading whitespace', (id) => `<img src="  \n${sink(id, 'space.gif')}">`],
    ['tracking', 'lowsrc and dynsrc', (id) => `<img lowsrc="${sink(id, 'low.gif')}" dynsrc="${sink(id, 'dyn.avi')}">`],
    ['tracking', 'lazy image', (id) => `<img loading="lazy" src="${sink(id, 'lazy.gif')}">`],
    ['tracking', 'video poster', (id) => `<video poster="${sink(id, 'poster.png')}"></video>`],
    ['tracking', 'video src', (id) => `<video src="${sink(id, 'video.mp4')}" autoplay></video>`],
    ['tracking', 'audio src', (id) => `<audio src="${sink(id, 'audio.mp3')}" autoplay></audio>`],
    ['tracking', 'source and track', (id) => `<video><source src="${sink(id, 'source.mp4')}"><track src="${sink(id, 'track.vtt')}" default></video>`],
    ['tracking', 'bgsound', (id) => `<bgsound src="${sink(id, 'bgsound.wav')}">`],
    ['tracking', 'image tag', (id) => `<image src="${sink(id, 'image-tag.png')}">`],
    ['background', 'body background', (id) => `<body background="${sink(id, 'body-bg.png')}">x</body>`],
    ['background', 'table background', (id) => `<table background="${sink(id, 'table-bg.png')}"><tr><td>x</td></tr></table>`],
    ['background', 'td background', (id) => `<table><tr><td background="${sink(id, 'td-bg.png')}">x</td></tr></table>`],
    ['background', 'th background, upper case', (id) => `<table><tr><TH BACKGROUND="${sink(id, 'th-bg.png')}">x</TH></tr></table>`],
    ['background', 'div background', (id) => `<div background="${sink(id, 'div-bg.png')}">x</div>`],
  ];
  for (const [family, name, build] of loads) add(family, name, build);

  // --- noscript and mXSS, from the public DOMPurify bypass write-ups
  const mxss: ReadonlyArray<[string, (id: number) => string]> = [
    ['noscript title breakout', (id) => `<noscript><p title="</noscript><img src=x onerror=${ran(id)}>"></noscript>`],
    [
      'noscript style breakout',
      (id) => `<noscript><style></noscript><img src="${sink(id, 'noscript.png')}" onerror="${ran(id)}"></style></noscript>`,
    ],
    ['svg p style (DOMPurify 2.0.0)', (id) => `<svg></p><style><a id="</style><img src=1 onerror=${ran(id)}>">`],
    [
      'math mtext table mglyph style (2.0.17)',
      (id) => `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${ran(id)}&gt;">`,
    ],
    ['form math mtext (nested forms)', (id) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${ran(id)}>`],
    ['math mtext mglyph svg style', (id) => `<math><mtext><mglyph><svg><mtext><style><path id="</style><img onerror=${ran(id)} src>">`],
    ['svg foreignObject style comment', (id) => `<svg><foreignobject><p><style><p title="</style><iframe onload&#x3d;${ran(id)}>">`],
    ['template in svg', (id) => `<svg><template><style><img src=x onerror=${ran(id)}></style></template></svg>`],
    ['xmp', (id) => `<xmp><p title="</xmp><img src=x onerror=${ran(id)}>">`],
    ['noembed', (id) => `<noembed><p title="</noembed><img src=x onerror=${ran(id)}>"></noembed>`],
    ['noframes', (id) => `<noframes><p title="</noframes><img src=x onerror=${ran(id)}>"></noframes>`],
    ['iframe text content', (id) => `<iframe><p title="</iframe><img src=x onerror=${ran(id)}>"></iframe>`],
    ['title rcdata', (id) => `<title><p title="</title><img src=x onerror=${ran(id)}>"></title>`],
    ['plaintext', (id) => `<plaintext><img src=x onerror=${ran(id)}>`],
    ['comment closing early', (id) => `<!--><img src=x onerror=${ran(id)}>-->`],
    ['comment bang', (id) => `<!--!><img src=x onerror=${ran(id)}>-->`],
    ['CDATA in html', (id) => `<![CDATA[><img src=x onerror=${ran(id)}>]]>`],
    ['CDATA in svg', (id) => `<svg><![CDATA[><img src=x onerror=${ran(id)}>]]></svg>`],
    ['processing instruction', (id) => `<?xml-stylesheet href="${sink(id, 'pi.xsl')}"?><?x><img src=x onerror=${ran(id)}>?>`],
    ['table foster parenting', (id) => `<table><td><style></td></table><img src=x onerror=${ran(id)}></style>`],
    ['select keygen', (id) => `<select><keygen autofocus onfocus=${ran(id)}></select>`],
    [
      'dom clobbering of document.body',
      (id) => `<img name="body"><form name="getElementById"></form><img id="${SCRIPT_MARK}" src="${sink(id, 'clobber.png')}">`,
    ],
    ['dom clobbering of attributes', () => `<form><input name="attributes"><input name="nodeName"></form><img id="x">`],
    ['nested svg in html in svg', (id) => `<svg><desc><svg><desc><img src=x onerror=${ran(id)}></desc></svg></desc></svg>`],
    [
      'selectedcontent',
      (id) => `<select><button><selectedcontent></selectedcontent></button><option><img src=x onerror=${ran(id)}></option></select>`,
    ],
    ['shadowrootmode template', (id) => `<div><template shadowrootmode="open"><img src=x onerror=${ran(id)}></template></div>`],
    ['custom element is=', (id) => `<p is="x-hostile" onclick="${ran(id)}">x</p>`],
    ['attribute with backticks', (id) => `<img src=\`x\` onerror=\`${ran(id)}\`>`],
    ['slash-separated attributes', (id) => `<img/src=x/onerror=${ran(id)}>`],
    ['double open', (id) => `<<img src=x onerror=${ran(id)}>`],
  ];
  for (const [name, build] of mxss) add('mxss', name, build);

  // --- Encodings and entities
  const encodings: ReadonlyArray<[string, (id: number) => string]> = [
    ['hex entities in javascript: href', (id) => `<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;${ran(id)}">x</a>`],
    [
      'entities without semicolons',
      (id) => `<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058${ran(id)}">x</a>`,
    ],
    ['newline inside scheme', (id) => `<a href="jav&#x0A;ascript:${ran(id)}">x</a>`],
    ['null byte inside scheme', (id) => `<a href="java\0script:${ran(id)}">x</a>`],
    ['null byte inside tag name', (id) => `<scr\0ipt>${ran(id)}</scr\0ipt>`],
    ['null byte inside attribute name', (id) => `<img src=x o\0nerror=${ran(id)}>`],
    ['named entity colon', (id) => `<a href="javascript&colon;${ran(id)}">x</a>`],
    ['named entity tab and newline', (id) => `<a href="java&Tab;script&NewLine;:${ran(id)}">x</a>`],
    ['utf-7 script', () => `+ADw-script+AD4-top.x=1+ADw-/script+AD4-`],
    ['unicode line separators', (id) => `<a href="\u2028javascript:${ran(id)}">x</a>`],
    ['fullwidth brackets', (id) => `＜script＞${ran(id)}＜/script＞`],
    ['percent-encoded javascript:', (id) => `<a href="%6A%61%76%61%73%63%72%69%70%74:${ran(id)}">x</a>`],
    ['entity-encoded img src to sink', (id) => `<img src="${sink(id, 'entity.png').replace(/[a-z]/g, (c) => `&#${String(c.charCodeAt(0))};`)}">`],
    ['entity-encoded tag in text', (id) => `&lt;img src=x onerror=${ran(id)}&gt;`],
    ['double-encoded entities', (id) => `<a href="&amp;#106;avascript:${ran(id)}">x</a>`],
    ['overlong attribute value', (id) => `<img title="${'A'.repeat(50_000)}" src="${sink(id, 'long.png')}">`],
    ['deep nesting', (id) => `${'<div>'.repeat(600)}<img src="${sink(id, 'deep.png')}" onerror="${ran(id)}">${'</div>'.repeat(600)}`],
  ];
  for (const [name, build] of encodings) add('encoding', name, build);
  return list;
}

/** The whole corpus, ids from 0 in a fixed order, each built against the given sink. */
export function hostileHtmlCases(targets: HostileTargets): HostileCase[] {
  return entries(targets).map((entry, id) => ({ id, family: entry.family, name: entry.name, html: entry.build(id) }));
}
