import type { ImapServer } from './autoconfig-xml';
import type { EmailAddress } from './email-address';
import type { Probe, ProbeTarget } from './probe';

export interface GuessFound {
  server: ImapServer;
  certificateTrusted: boolean;
}

/** The usual names, implicit TLS before STARTTLS, imap. before mail. */
export function guessTargets(email: EmailAddress): ProbeTarget[] {
  const hosts = [`imap.${email.domain}`, `mail.${email.domain}`];
  return [
    ...hosts.map((host) => ({ host, port: 993, security: 'tls' as const })),
    ...hosts.map((host) => ({ host, port: 143, security: 'starttls' as const })),
  ];
}

/**
 * Probes every guess at once and takes the most preferred one that answered with a trusted certificate,
 * else the most preferred one that answered at all (the connection test will show its certificate).
 */
export async function findByGuess(email: EmailAddress, probe: Probe, signal: AbortSignal): Promise<GuessFound> {
  const targets = guessTargets(email);
  const outcomes = await Promise.all(targets.map((target) => probe(target, signal)));
  const trusted = outcomes.indexOf('ok');
  const index = trusted !== -1 ? trusted : outcomes.indexOf('untrusted-certificate');
  const target = targets[index];
  if (target === undefined) throw new Error('no common host name answered');
  return { server: { ...target, username: email.address }, certificateTrusted: index === trusted };
}
