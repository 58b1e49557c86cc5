import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Frame } from '@playwright/test';
import { signIn } from '../support/account-form';
import { expect, test } from '../support/app-fixture';
import { startSpecServer, stopSpecServer } from '../support/spec-server';
import { appendMessages, createUser, importMessages, type DovecotServer, type TestUser } from '../support/dovecot';
import { hostileHtmlCases, SCRIPT_MARK, type HostileCase } from '../support/hostile-html';
import { malformedMessages } from '../support/malformed-mime';
import { makeMessage } from '../support/messages';

let workDir: string;
let dovecot: DovecotServer;
let user: TestUser;
let caCertPath: string;
let sink: Server;
let sinkOrigin: string;
let cases: HostileCase[];
/** Every request the sink received: a message's content that got out, or the control at the end. */
const hits: string[] = [];

const label = (id: number): string => `Hostile #${String(id).padStart(3, '0')}`;

test.beforeAll(async () => {
  ({ workDir, dovecot, caCertPath } = await startSpecServer('hostile'));
  user = await createUser(dovecot.info, 'hostile');
  // Stands in for the attacker's server: every URL in the corpus points here.
  sink = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.end('x');
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sinkOrigin = `http://127.0.0.1:${String((sink.address() as AddressInfo).port)}`;
  cases = hostileHtmlCases({ sink: sinkOrigin });
  const from = { name: 'Mallory', address: 'mallory@kestrel.test' };
  const to = [{ name: 'Tester', address: user.email }];
  const newest = Date.now() - 60_000;
  // Case 0 is the newest, so the list shows the corpus in order and j steps through it.
  const raws = cases.map(({ id, family, name, html }) =>
    makeMessage({
      from,
      to,
      subject: `${label(id)} ${family}: ${name}`,
      date: new Date(newest - id * 60_000),
      html: `<p>${label(id)} marker</p>${html}`,
      transferEncoding: 'quoted-printable',
    }),
  );
  raws.push(
    makeMessage({
      from,
      to,
      subject: 'Control: a pixel the user allows',
      date: new Date(newest - cases.length * 60_000),
      html: `<p>Control marker</p><img src="${sinkOrigin}/control/pixel.png" alt="pixel">`,
    }),
  );
  await importMessages(dovecot.info, user, 'INBOX', raws);
  await appendMessages(dovecot.info, user, 'Links', [
    makeMessage({
      from,
      to,
      subject: 'Links of every kind',
      date: new Date(newest),
      html: linksHtml(sinkOrigin),
      transferEncoding: 'quoted-printable',
    }),
    // Older, so second in the list: its parts hide under a boundary the header never declares.
    ...malformedMessages()
      .filter((message) => message.name === 'parts under a boundary the header does not declare')
      .map((message) => message.raw),
  ]);
});

/** A link in each form a message can spell one; the ones named "web" go to the web, the others nowhere. */
function linksHtml(origin: string): string {
  return [
    '<p>Links marker</p>',
    `<p><a href="${origin}/l/a">web a</a></p>`,
    `<p><a href="${origin}/l/inner"><b>web nested</b></a></p>`,
    `<map name="m"><area shape="rect" coords="0,0,80,40" href="${origin}/l/area" alt="web area"></map>`,
    '<img usemap="#m" width="80" height="40" alt="map" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">',
    `<svg width="200" height="60"><a xlink:href="${origin}/l/svg-xlink"><text x="5" y="20">web svg xlink</text></a><a href="${origin}/l/svg-href"><text x="5" y="50">web svg href</text></a></svg>`,
    '<p><a href="relative/path">nowhere relative</a></p>',
    `<p><a href="javascript:top.${SCRIPT_MARK}=1">nowhere javascript</a></p>`,
    `<p><a href="data:text/html;base64,${Buffer.from(`<script>top.${SCRIPT_MARK}=1</script>`).toString('base64')}">nowhere data</a></p>`,
    '<p><a href="file:///etc/passwd">nowhere file</a></p>',
    `<svg width="200" height="30"><a><animate attributeName="href" values="javascript:top.${SCRIPT_MARK}=1"/><text x="5" y="20">nowhere svg animate</text></a></svg>`,
    `<p><a href="${origin}/l/deceptive">www.mybank.example</a></p>`,
    `<p><a href="${origin}/l/last">web last</a></p>`,
  ].join('');
}

test.afterAll(async () => {
  await stopSpecServer({ workDir, dovecot });
  await new Promise((resolve) => sink.close(resolve));
});

/**
 * What the sanitizer let into the frame that could act: handlers, script URLs, URLs of the sink in any
 * attribute but a link's target (links load nothing until clicked, and then go through the reader's
 * checks), active CSS naming the sink, and elements that load or run things. Checked beside the
 * behaviour, so that a hole the frame's CSP happens to cover is still found.
 */
function leftovers(frame: Frame, sinkHost: string): Promise<{ marker: string; problems: string[] }> {
  return frame.evaluate((host) => {
    const problems: string[] = [];
    const live = ['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'meta', 'link', 'base', 'portal'];
    const loading = [
      'src',
      'srcset',
      'imagesrcset',
      'background',
      'poster',
      'lowsrc',
      'dynsrc',
      'href',
      'xlink:href',
      'data',
      'codebase',
      'action',
      'formaction',
      'ping',
    ];
    const remote = new RegExp(`(^|[\\s,])(https?:)?//${host.replace(/\./g, '\\.')}`);
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const tag = element.localName;
      if (live.includes(tag)) problems.push(`<${tag}>`);
      for (const { name, value } of Array.from(element.attributes)) {
        const isLinkTarget = (name === 'href' || name === 'xlink:href') && (tag === 'a' || tag === 'area');
        if (name.startsWith('on')) problems.push(`${tag} ${name}`);
        if (/^(javascript|vbscript|data:text|data:application)/i.test(value.replace(/[\s\0]/g, '')))
          problems.push(`${tag} ${name}=${value.slice(0, 40)}`);
        const loads = loading.includes(name)
          ? !isLinkTarget && remote.test(value)
          : (name === 'style' || /url\s*\(|image-set/i.test(value)) && value.includes(host);
        if (loads) problems.push(`${tag} ${name} names the sink`);
      }
    }
    for (const style of Array.from(document.querySelectorAll('style'))) {
      if (style.textContent.includes(host)) problems.push('<style> names the sink');
    }
    return { marker: document.body.textContent.slice(0, 40), problems };
  }, sinkHost);
}

test('hostile HTML mail runs no script, loads nothing, navigates nowhere and opens no dialog', async ({ launchApp }) => {
  test.setTimeout(600_000);
  const { page } = await launchApp({ dataDir: join(workDir, 'data'), caCertPath });
  const appUrl = page.url();
  await signIn(page, dovecot.info, user);
  const messages = page.getByRole('listbox', { name: 'Messages' });
  const reader = page.getByRole('article', { name: 'Message' });
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Up to date', { timeout: 60_000 });

  // From here on the page has no reason to make a request of its own: whatever it asks for, a message asked.
  const requests: string[] = [];
  const navigations: string[] = [];
  const dialogs: string[] = [];
  const popups: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() ? frame.url() !== appUrl : !/^about:(srcdoc|blank)$/.test(frame.url())) navigations.push(frame.url());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('popup', (popup) => popups.push(popup.url()));

  const sinkHost = new URL(sinkOrigin).host;
  const problems: Record<string, string[]> = {};
  await messages.getByRole('option').first().click();
  for (const hostile of cases) {
    if (hostile.id > 0) await page.keyboard.press('j');
    await expect(reader.getByRole('heading', { level: 2 })).toContainText(label(hostile.id));
    let found: string[] = [];
    await expect
      .poll(
        async () => {
          const frame = page
            .mainFrame()
            .childFrames()
            .find((child) => child.url() === 'about:srcdoc');
          if (frame === undefined) return '';
          // The frame is replaced while the reader swaps bodies; a detached one is simply asked again.
          const result = await leftovers(frame, sinkHost).catch(() => ({ marker: '', problems: [] }));
          found = result.problems;
          return result.marker;
        },
        { message: `the body of ${label(hostile.id)}`, intervals: [10, 20, 50] },
      )
      .toContain(label(hostile.id));
    if (found.length > 0) problems[`${label(hostile.id)} ${hostile.family}: ${hostile.name}`] = found;
    // A message that takes the keyboard away from the list would break the next step, and is a finding too.
    await expect(messages.getByRole('option', { name: new RegExp(label(hostile.id)) })).toBeFocused();
  }

  const ran = await page.evaluate((mark) => (window as unknown as Record<string, unknown>)[mark], SCRIPT_MARK);
  expect({
    scriptRanFor: ran ?? null,
    hits,
    requests,
    navigations,
    dialogs,
    popups,
    problems,
  }).toEqual({ scriptRanFor: null, hits: [], requests: [], navigations: [], dialogs: [], popups: [], problems: {} });

  // The control: once the user allows remote content, the sink does see the picture, so it counts for real.
  await page.keyboard.press('j');
  await expect(reader.getByRole('heading', { level: 2 })).toContainText('Control');
  await reader.getByRole('button', { name: 'Load images' }).click();
  await expect.poll(() => hits).toEqual(['/control/pixel.png']);
});

test('a click on any link in a message opens the web through the reader, and nothing else happens', async ({ launchApp }) => {
  hits.length = 0;
  const { page } = await launchApp({ dataDir: join(workDir, 'links-data'), caCertPath });
  const appUrl = page.url();
  await signIn(page, dovecot.info, user);
  await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Links', exact: true }).click();
  await page.getByRole('listbox', { name: 'Messages' }).getByRole('option').first().click();
  const body = page.frameLocator('iframe[title="Message body"]');
  await expect(body.getByText('Links marker')).toBeVisible();

  const navigations: string[] = [];
  const popups: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() ? frame.url() !== appUrl : !/^about:(srcdoc|blank)$/.test(frame.url())) navigations.push(frame.url());
  });
  page.on('popup', (popup) => {
    popups.push(new URL(popup.url()).pathname);
    void popup.close();
  });
  const web = ['web a', 'web nested', 'web svg xlink', 'web svg href'];
  for (const text of web) {
    await test.step(`click ${text}`, async () => {
      const opened = page.waitForEvent('popup', { timeout: 10_000 });
      await body.getByText(text, { exact: true }).click();
      await opened;
    });
  }
  // An image map's area has no box of its own: a person clicks the picture where the area lies.
  const areaOpened = page.waitForEvent('popup', { timeout: 10_000 });
  await body.getByRole('img', { name: 'map' }).click({ position: { x: 10, y: 10 } });
  await areaOpened;
  for (const text of ['nowhere relative', 'nowhere javascript', 'nowhere data', 'nowhere file', 'nowhere svg animate']) {
    await body.getByText(text, { exact: true }).click();
  }
  // A middle click goes through the same checks: the deceptive link warns instead of opening a tab.
  await body.getByText('www.mybank.example', { exact: true }).click({ button: 'middle' });
  const warning = page.getByRole('alertdialog', { name: 'This link may not go where it says' });
  await expect(warning).toBeVisible();
  await warning.getByRole('button', { name: 'Cancel' }).click();
  // Clicks are handled in order: once the last link has opened, the ones before it have done all they would.
  const lastOpened = page.waitForEvent('popup');
  await body.getByText('web last', { exact: true }).click();
  await lastOpened;
  await expect.poll(() => popups.length).toBe(6);

  const ran = await page.evaluate((mark) => (window as unknown as Record<string, unknown>)[mark], SCRIPT_MARK);
  // A body that decodes to nothing says so, rather than leaving the reader blank.
  await page
    .getByRole('listbox', { name: 'Messages' })
    .getByRole('option', { name: /wrong boundary/ })
    .click();
  await expect(page.getByRole('article', { name: 'Message' })).toContainText('This message has no text to show.');
  expect({ scriptRan: ran ?? null, navigations, popups }).toEqual({
    scriptRan: null,
    navigations: [],
    popups: ['/l/a', '/l/inner', '/l/svg-xlink', '/l/svg-href', '/l/area', '/l/last'],
  });
});
