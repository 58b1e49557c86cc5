import { Resolver } from 'node:dns/promises';
import type { DiscoveredSettings } from '../../../shared/domain/discovery';
import { AppFailure } from '../../../shared/ipc/result';
import { log } from '../../log';
import { findByAutoconfig } from './autoconfig';
import { parseEmailAddress, type EmailAddress } from './email-address';
import { findByGuess } from './guess';
import { createHttpsGet, type HttpsGet } from './https-get';
import { createImapProbe, type Probe } from './probe';
import { knownProviderFor, usernameFor } from './providers';
import { findBySrv, type SrvLookup } from './srv';

/** The network as discovery sees it; tests point each part at loopback. */
export interface DiscoveryNetwork {
  get: HttpsGet;
  /** A fresh resolver per lookup, so that cancelling one lookup never cancels another's queries. */
  resolver: () => SrvLookup & { cancel(): void };
  probe: Probe;
}

export interface DiscoveryLimits {
  /** The whole lookup, every step included: past it, the user gets the form to fill by hand. */
  totalMs: number;
  autoconfigMs: number;
  dnsMs: number;
  probeMs: number;
}

export const defaultDiscoveryLimits: DiscoveryLimits = { totalMs: 15_000, autoconfigMs: 5_000, dnsMs: 3_000, probeMs: 4_000 };

export interface NetworkSettings {
  /** Autoconfig requests go to this origin instead of the domain's (tests). */
  autoconfigBaseUrl?: string;
  /** DNS servers as `dns.setServers` takes them, instead of the system's (tests). */
  dnsServers?: string[];
  probeRoute?: Parameters<typeof createImapProbe>[0]['route'];
}

export function createDiscoveryNetwork(settings: NetworkSettings = {}, limits: DiscoveryLimits = defaultDiscoveryLimits): DiscoveryNetwork {
  return {
    get: createHttpsGet({ baseUrl: settings.autoconfigBaseUrl }),
    resolver: () => {
      const resolver = new Resolver({ timeout: limits.dnsMs, tries: 1 });
      if (settings.dnsServers !== undefined) resolver.setServers(settings.dnsServers);
      return resolver;
    },
    probe: createImapProbe({ timeoutMs: limits.probeMs, route: settings.probeRoute }),
  };
}

type Step = (email: EmailAddress, signal: AbortSignal) => Promise<DiscoveredSettings>;

/** Rejects when the signal fires, whatever the step is doing: one stuck step never holds the lookup. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(new Error('timed out'));
    };
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/**
 * Finds IMAP settings for an address: the built-in provider table, then the domain's autoconfig file,
 * then DNS SRV records, then probing the usual host names. A step that fails or runs out of time hands
 * over to the next; nothing found is an error the form shows, and every field stays editable.
 */
export class SettingsDiscovery {
  constructor(
    private readonly network: DiscoveryNetwork = createDiscoveryNetwork(),
    private readonly limits: DiscoveryLimits = defaultDiscoveryLimits,
  ) {}

  private readonly steps: ReadonlyArray<{ name: string; timeoutMs: () => number; run: Step }> = [
    {
      name: 'provider',
      timeoutMs: () => this.limits.totalMs,
      run: (email) => {
        const provider = knownProviderFor(email);
        if (provider === undefined) return Promise.reject(new Error('not a known provider'));
        const { host, port, security, name, hint } = provider;
        const source = hint === undefined ? { kind: 'provider' as const, provider: name } : { kind: 'provider' as const, provider: name, hint };
        return Promise.resolve({ host, port, security, username: usernameFor(provider.username, email), source });
      },
    },
    {
      name: 'autoconfig',
      timeoutMs: () => this.limits.autoconfigMs,
      run: async (email, signal) => {
        const found = await findByAutoconfig(email, this.network.get, signal, this.limits.autoconfigMs);
        return { ...found.server, source: { kind: 'autoconfig', domain: email.domain, url: found.url } };
      },
    },
    {
      name: 'dns',
      timeoutMs: () => this.limits.dnsMs,
      run: async (email, signal) => {
        const resolver = this.network.resolver();
        const cancel = (): void => {
          resolver.cancel();
        };
        signal.addEventListener('abort', cancel, { once: true });
        try {
          const found = await findBySrv(email, resolver);
          return { ...found.server, source: { kind: 'dns', record: found.record, domain: email.domain, outsideDomain: found.outsideDomain } };
        } finally {
          signal.removeEventListener('abort', cancel);
        }
      },
    },
    {
      name: 'guess',
      // Each probe stops itself at probeMs and counts as a "no"; the step waits for all of them to rank the answers.
      timeoutMs: () => this.limits.totalMs,
      run: async (email, signal) => {
        const found = await findByGuess(email, this.network.probe, signal);
        return { ...found.server, source: { kind: 'guess', certificateTrusted: found.certificateTrusted } };
      },
    },
  ];

  async discover(address: string): Promise<DiscoveredSettings> {
    const email = parseEmailAddress(address);
    const overall = AbortSignal.timeout(this.limits.totalMs);
    for (const step of this.steps) {
      if (overall.aborted) break;
      const signal = AbortSignal.any([overall, AbortSignal.timeout(step.timeoutMs())]);
      try {
        const settings = await untilAborted(step.run(email, signal), signal);
        log.info('discovery.found', { step: step.name, domain: email.domain });
        return settings;
      } catch (error) {
        // The address stays out of the log; the domain says enough to follow a report.
        log.debug('discovery.step_failed', {
          step: step.name,
          domain: email.domain,
          reason: error instanceof Error ? error.message.slice(0, 300) : 'failed',
        });
      }
    }
    throw new AppFailure({
      code: 'NOT_FOUND',
      field: 'host',
      message: `Kestrel could not find the settings for ${email.domain}. Enter them by hand: your provider's help pages list the IMAP server, port and security.`,
    });
  }
}
