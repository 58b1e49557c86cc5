import { describe, expect, it } from 'vitest';
import { describeSettingsSource } from './settings-source';

describe('describeSettingsSource', () => {
  it('names each source the way the form shows it', () => {
    expect(describeSettingsSource({ kind: 'provider', provider: 'Fastmail' })).toBe("Found in Fastmail's known settings.");
    expect(describeSettingsSource({ kind: 'provider', provider: 'Gmail', hint: 'Use an app password.' })).toBe(
      "Found in Gmail's known settings. Use an app password.",
    );
    expect(describeSettingsSource({ kind: 'autoconfig', domain: 'example.com', url: 'https://autoconfig.example.com/mail/config-v1.1.xml' })).toBe(
      "From example.com's autoconfig file.",
    );
    expect(describeSettingsSource({ kind: 'dns', record: '_imaps._tcp.example.com', domain: 'example.com', outsideDomain: false })).toBe(
      'From DNS (_imaps._tcp.example.com).',
    );
    expect(describeSettingsSource({ kind: 'dns', record: '_imaps._tcp.example.com', domain: 'example.com', outsideDomain: true })).toBe(
      "DNS (_imaps._tcp.example.com) names a server that is not under example.com. Use it only if it is your provider's.",
    );
    expect(describeSettingsSource({ kind: 'guess', certificateTrusted: true })).toBe('Guessed: please check.');
    expect(describeSettingsSource({ kind: 'guess', certificateTrusted: false })).toMatch(/^Guessed: please check\. .*certificate/);
  });
});
