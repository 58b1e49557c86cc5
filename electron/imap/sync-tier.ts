import type { ImapFlow, MailboxObject } from 'imapflow';

/**
 * How a folder can be resynced, from the best the server offers:
 * - qresync: changed flags and expunged UIDs (VANISHED) in one FETCH since the last HIGHESTMODSEQ;
 * - condstore: changed flags since the last HIGHESTMODSEQ, expunges by comparing UID lists;
 * - plain: every known message's flags in chunks, expunges by comparing UID lists.
 */
export type SyncTier = 'qresync' | 'condstore' | 'plain';

export function syncTier(client: ImapFlow, mailbox: MailboxObject): SyncTier {
  // NOMODSEQ: this folder keeps no mod-sequences even where the server supports them elsewhere.
  if (mailbox.noModseq === true || mailbox.highestModseq === undefined) return 'plain';
  if (client.enabled.has('QRESYNC')) return 'qresync';
  return client.enabled.has('CONDSTORE') ? 'condstore' : 'plain';
}
