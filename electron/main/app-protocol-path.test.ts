import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_URL, appFileFor } from './app-protocol-path';

const root = join('/opt', 'kestrel', 'renderer');

describe("the app's own scheme", () => {
  it("serves the app's files from its renderer folder", () => {
    expect(appFileFor(root, APP_URL)).toBe(join(root, 'index.html'));
    expect(appFileFor(root, 'kestrel://app/')).toBe(join(root, 'index.html'));
    expect(appFileFor(root, 'kestrel://app/assets/index-abc.js?v=1#x')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(appFileFor(root, 'kestrel://app/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });

  it('refuses anything outside that folder, another host or scheme, and malformed requests', () => {
    // The URL parser resolves plain dot segments before anything else: they stay inside the folder.
    expect(appFileFor(root, 'kestrel://app/../secrets.json')).toBe(join(root, 'secrets.json'));
    expect(appFileFor(root, 'kestrel://app/%2e%2e/secrets.json')).toBe(join(root, 'secrets.json'));
    for (const url of [
      'kestrel://app/assets/%2e%2e%2f%2e%2e%2fsecrets.json',
      'kestrel://app/..%5c..%5csecrets.json',
      'kestrel://app/index.html%00.js',
      'kestrel://app/%E0%A4%A',
      'kestrel://other/index.html',
      'file:///opt/kestrel/renderer/index.html',
      'https://app/index.html',
      'not a url',
    ]) {
      expect(appFileFor(root, url), url).toBeNull();
    }
  });
});
