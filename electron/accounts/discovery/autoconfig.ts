import { AUTOCONFIG_MAX_BYTES, parseAutoconfig, type ImapServer } from './autoconfig-xml';
import type { EmailAddress } from './email-address';
import type { HttpsGet } from './https-get';

export interface AutoconfigFound {
  server: ImapServer;
  url: string;
}

/** The places Thunderbird looks on the domain itself, in its order of preference. */
export function autoconfigUrls(email: EmailAddress): URL[] {
  const query = `emailaddress=${encodeURIComponent(email.address)}`;
  return [
    new URL(`https://autoconfig.${email.domain}/mail/config-v1.1.xml?${query}`),
    new URL(`https://${email.domain}/.well-known/autoconfig/mail/config-v1.1.xml`),
  ];
}

/**
 * Asks both locations at once and takes the first one, in order of preference, that holds a usable IMAP
 * server. Throws when neither does, with each location's reason (for the log; no address in it).
 */
export async function findByAutoconfig(email: EmailAddress, get: HttpsGet, signal: AbortSignal, timeoutMs: number): Promise<AutoconfigFound> {
  const attempts = autoconfigUrls(email).map(async (url): Promise<AutoconfigFound> => {
    const response = await get(url, { signal, timeoutMs, maxBytes: AUTOCONFIG_MAX_BYTES });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    const parsed = parseAutoconfig(response.body, email);
    if (!parsed.ok) throw new Error(parsed.problem);
    return { server: parsed.server, url: `${url.origin}${url.pathname}` };
  });
  const settled = await Promise.allSettled(attempts);
  const reasons: string[] = [];
  for (const [index, outcome] of settled.entries()) {
    if (outcome.status === 'fulfilled') return outcome.value;
    reasons.push(`${String(index + 1)}: ${outcome.reason instanceof Error ? outcome.reason.message : 'failed'}`);
  }
  throw new Error(`no autoconfig file (${reasons.join('; ')})`);
}
