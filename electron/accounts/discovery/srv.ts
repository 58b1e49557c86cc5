import type { SrvRecord } from 'node:dns';
import { accountDraftSchema } from '../../../shared/domain/account';
import type { DiscoveredSecurity } from '../../../shared/domain/discovery';
import type { ImapServer } from './autoconfig-xml';
import type { EmailAddress } from './email-address';

/** What discovery needs of a DNS resolver; `dns.promises.Resolver` is one. */
export interface SrvLookup {
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

export interface SrvFound {
  server: ImapServer;
  record: string;
  /** The target is neither the domain nor under it. */
  outsideDomain: boolean;
}

/** RFC 6186: implicit TLS first, then IMAP on which the connection will insist on STARTTLS. */
const services: ReadonlyArray<{ prefix: string; security: DiscoveredSecurity }> = [
  { prefix: '_imaps._tcp', security: 'tls' },
  { prefix: '_imap._tcp', security: 'starttls' },
];

/**
 * The record to use: the lowest priority, and within it the highest weight. RFC 2782 picks by weighted
 * chance to spread load; one client setting up one account gains nothing from chance but a form that
 * fills differently each time.
 */
export function pickSrvRecord(records: readonly SrvRecord[]): SrvRecord | undefined {
  // RFC 2782: a lone "." target says the service is decidedly not offered.
  if (records.length === 1 && (records[0]?.name === '' || records[0]?.name === '.')) return undefined;
  const usable = records.filter((record) => record.port > 0 && accountDraftSchema.shape.host.safeParse(record.name).success);
  return usable.sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
}

async function lookup(resolver: SrvLookup, name: string): Promise<SrvRecord[]> {
  try {
    return await resolver.resolveSrv(name);
  } catch (error) {
    // No such name, or no SRV at it: a normal answer for most domains.
    if (typeof error === 'object' && error !== null && 'code' in error && (error.code === 'ENOTFOUND' || error.code === 'ENODATA')) return [];
    throw error;
  }
}

/** Asks for both records at once; a usable `_imaps` record wins over any `_imap` one. */
export async function findBySrv(email: EmailAddress, resolver: SrvLookup): Promise<SrvFound> {
  const answers = await Promise.all(services.map(({ prefix }) => lookup(resolver, `${prefix}.${email.domain}`)));
  for (const [index, { prefix, security }] of services.entries()) {
    const record = pickSrvRecord(answers[index] ?? []);
    if (record !== undefined) {
      const host = record.name.toLowerCase();
      return {
        server: { host, port: record.port, security, username: email.address },
        record: `${prefix}.${email.domain}`,
        outsideDomain: host !== email.domain && !host.endsWith(`.${email.domain}`),
      };
    }
  }
  throw new Error('no SRV record for IMAP');
}
