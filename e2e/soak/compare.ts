import type { CacheState } from './cache-state';
import type { MailState } from './server-state';

export type DifferenceKind =
  | 'folderMissing'
  | 'folderExtra'
  | 'folderAttributes'
  | 'messageMissing'
  | 'messageExtra'
  | 'flagMismatch'
  | 'wrongMessage'
  | 'placeholderLeft'
  | 'pendingOperation'
  | 'countMismatch';

export interface Differences {
  total: number;
  byKind: Partial<Record<DifferenceKind, number>>;
  /** The first few, in words, for whoever reads the log. */
  samples: string[];
}

const MAX_SAMPLES = 25;

class Tally implements Differences {
  total = 0;
  byKind: Partial<Record<DifferenceKind, number>> = {};
  samples: string[] = [];

  add(kind: DifferenceKind, description: string, count = 1): void {
    if (count <= 0) return;
    this.total += count;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + count;
    if (this.samples.length < MAX_SAMPLES) this.samples.push(`${kind}: ${description}`);
  }
}

/**
 * Every way the cache differs from the server: folders (missing, extra, parent, selectable, subscribed),
 * messages by UID (missing, extra, another message's header, flags), and what must not outlive a caught-up engine: placeholders of
 * unconfirmed moves, pending operations, and folder counts that disagree with the rows.
 */
export function compareStates(server: MailState, cache: CacheState): Differences {
  const tally = new Tally();
  for (const [path, folder] of server.folders) {
    const cached = cache.folders.get(path);
    if (cached === undefined) {
      tally.add('folderMissing', path);
      continue;
    }
    const wrong = (['parentPath', 'selectable', 'subscribed'] as const).filter((field) => cached[field] !== folder[field]);
    if (wrong.length > 0)
      tally.add(
        'folderAttributes',
        `${path}: ${wrong.map((field) => `${field} ${String(cached[field])}, server ${String(folder[field])}`).join('; ')}`,
      );
  }
  for (const path of cache.folders.keys()) if (!server.folders.has(path)) tally.add('folderExtra', path);

  for (const path of new Set([...server.messages.keys(), ...cache.messages.keys()])) {
    const onServer = new Map((server.messages.get(path) ?? []).map((message) => [message.uid, message]));
    const cached = new Map((cache.messages.get(path) ?? []).map((message) => [message.uid, message]));
    for (const [uid, message] of onServer) {
      const row = cached.get(uid);
      if (row === undefined) tally.add('messageMissing', `${path} UID ${uid} ${message.messageId ?? ''}`);
      else if (row.messageId !== message.messageId)
        tally.add(
          'wrongMessage',
          `${path} UID ${uid}: the cache shows ${row.messageId ?? 'no Message-ID'}, the server has ${message.messageId ?? 'none'}`,
        );
      else if (row.flags.join(' ') !== message.flags.join(' '))
        tally.add('flagMismatch', `${path} UID ${uid}: cache [${row.flags.join(' ')}], server [${message.flags.join(' ')}]`);
    }
    for (const [uid, row] of cached) if (!onServer.has(uid)) tally.add('messageExtra', `${path} UID ${uid} ${row.messageId ?? ''}`);
  }

  for (const [path, count] of cache.leftovers.placeholders) tally.add('placeholderLeft', `${count} in ${path}`, count);
  tally.add('pendingOperation', `${cache.leftovers.pendingOperations} still queued`, cache.leftovers.pendingOperations);
  for (const mismatch of cache.leftovers.countMismatches) tally.add('countMismatch', mismatch);
  return tally;
}

/** The breakdown as figure details: `diff_messageMissing` and so on, only for kinds that occurred. */
export function differenceDetails(differences: Differences, prefix = 'diff_'): Record<string, number> {
  return Object.fromEntries(Object.entries(differences.byKind).map(([kind, count]) => [`${prefix}${kind}`, count]));
}
