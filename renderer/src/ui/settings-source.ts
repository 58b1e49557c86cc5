import type { SettingsSource } from '../../../shared/domain/discovery';

/** Says where found settings came from, so the user knows how far to trust them. */
export function describeSettingsSource(source: SettingsSource): string {
  switch (source.kind) {
    case 'provider':
      return `Found in ${source.provider}'s known settings.${source.hint === undefined ? '' : ` ${source.hint}`}`;
    case 'autoconfig':
      return `From ${source.domain}'s autoconfig file.`;
    case 'dns':
      return source.outsideDomain
        ? `DNS (${source.record}) names a server that is not under ${source.domain}. Use it only if it is your provider's.`
        : `From DNS (${source.record}).`;
    case 'guess':
      return source.certificateTrusted
        ? 'Guessed: please check.'
        : 'Guessed: please check. The server’s certificate did not verify; testing the connection will show it.';
    default: {
      const unknown: never = source;
      return unknown;
    }
  }
}
