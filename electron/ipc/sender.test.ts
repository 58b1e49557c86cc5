import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender';

const appUrl = 'file:///opt/Kestrel/resources/app.asar/out/renderer/index.html';
const ours = { ownWindow: true, mainFrame: true, frameUrl: appUrl };

describe('who may call main over IPC', () => {
  it('accepts our window’s main frame on our page, whatever its fragment', () => {
    expect(isTrustedSender(ours, appUrl)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: `${appUrl}#/inbox` }, appUrl)).toBe(true);
  });

  it('refuses frames inside the window, other windows, and other pages', () => {
    const strangers = [
      { ...ours, mainFrame: false, frameUrl: 'about:srcdoc' },
      { ...ours, mainFrame: false },
      { ...ours, ownWindow: false },
      { ...ours, frameUrl: undefined },
      { ...ours, frameUrl: 'https://evil.example/' },
      { ...ours, frameUrl: 'file:///tmp/evil/index.html' },
      { ...ours, frameUrl: 'file:///opt/Kestrel/resources/app.asar/out/renderer/index.html/../../evil.html' },
      { ...ours, frameUrl: 'devtools://devtools/bundled/inspector.html' },
      { ...ours, frameUrl: 'not a url' },
    ];
    for (const sender of strangers) expect(isTrustedSender(sender, appUrl), JSON.stringify(sender)).toBe(false);
  });
});
