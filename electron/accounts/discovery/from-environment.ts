import { log } from '../../log';
import { createDiscoveryNetwork, SettingsDiscovery, type NetworkSettings } from './discover';

/**
 * KESTREL_AUTOCONFIG_URL (an https origin that serves every domain's autoconfig file) and
 * KESTREL_DNS_SERVERS (comma-separated `host:port`) point discovery at other servers: the end-to-end
 * specs use loopback ones. Certificates are checked all the same.
 */
export function discoveryFromEnvironment(env: NodeJS.ProcessEnv = process.env): SettingsDiscovery {
  const settings: NetworkSettings = {};
  const baseUrl = env.KESTREL_AUTOCONFIG_URL;
  if (baseUrl !== undefined && baseUrl !== '') {
    if (URL.canParse(baseUrl) && new URL(baseUrl).protocol === 'https:') settings.autoconfigBaseUrl = baseUrl;
    else log.warn('discovery.env_ignored', { variable: 'KESTREL_AUTOCONFIG_URL', why: 'not an https URL' });
  }
  const servers = env.KESTREL_DNS_SERVERS;
  if (servers !== undefined && servers !== '') settings.dnsServers = servers.split(',').map((server) => server.trim());
  return new SettingsDiscovery(createDiscoveryNetwork(settings));
}
