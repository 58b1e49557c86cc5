import type { ImapFlow } from 'imapflow';
import type { DovecotInfo, TestUser } from '../support/dovecot';
import { imapClientFor } from '../support/dovecot';
import { makeMessage } from '../support/messages';
import type { Random } from './random';

export type ChurnKind = 'append' | 'flags' | 'move' | 'copy' | 'expunge' | 'createFolder' | 'renameFolder' | 'deleteFolder';

const BASE_WEIGHTS: Readonly<Record<ChurnKind, number>> = {
  append: 18,
  flags: 32,
  move: 14,
  copy: 4,
  expunge: 12,
  createFolder: 7,
  renameFolder: 7,
  deleteFolder: 6,
};

const FLAGS = ['\\Seen', '\\Flagged', '\\Answered', '\\Draft', '$Churn', 'Work'];
const MAX_CHURN_FOLDERS = 10;

export interface ChurnStats {
  /** Operations the server carried out. */
  done: number;
  byKind: Partial<Record<ChurnKind, number>>;
  /** Refused by the server (a folder gone meanwhile, a name taken): not counted as done. */
  rejected: number;
  reconnects: number;
}

interface Folder {
  path: string;
  selectable: boolean;
}

/**
 * The other device: random changes to the account over a connection of its own, as fast as the server
 * takes them, with random pauses. Messages it adds carry a Message-ID of their own.
 */
export class ChurnClient {
  readonly stats: ChurnStats = { done: 0, byKind: {}, rejected: 0, reconnects: 0 };
  /** Every operation the server carried out, timestamped: what a difference is traced back with. */
  readonly log: string[] = [];
  private client: ImapFlow | null = null;
  private folders: Folder[] | null = null;
  /** Messages per folder as last seen, to keep the mailbox from growing or emptying. */
  private readonly sizes = new Map<string, number>();
  private counter = 0;

  constructor(
    private readonly info: DovecotInfo,
    private readonly user: TestUser,
    private readonly random: Random,
    private readonly tag: string,
    /** The mailbox's size the client steers toward. */
    private readonly population: number,
  ) {}

  /** Runs until `target` operations were done, or `stop()` says so. */
  async run(target: number, stop: () => boolean = () => false): Promise<void> {
    try {
      while (this.stats.done < target && !stop()) {
        const kind = this.random.weighted(this.weights());
        let done: string | null;
        try {
          done = await this.perform(kind);
        } catch (error) {
          done = null;
          if (this.client?.usable !== true) {
            this.client?.close();
            this.client = null;
            this.stats.reconnects += 1;
            if (this.stats.reconnects > 50) throw error;
          }
          this.folders = null;
          this.stats.rejected += 1;
        }
        if (done !== null) {
          this.log.push(`${new Date().toISOString()} other client ${kind}: ${done}`);
          this.stats.done += 1;
          this.stats.byKind[kind] = (this.stats.byKind[kind] ?? 0) + 1;
        }
        if (this.random.chance(0.08)) await sleep(this.random.int(0, 40));
      }
    } finally {
      await this.client?.logout().catch(() => undefined);
      this.client = null;
    }
  }

  private weights(): Record<ChurnKind, number> {
    const total = [...this.sizes.values()].reduce((sum, size) => sum + size, 0);
    const weights = { ...BASE_WEIGHTS };
    if (total < this.population * 0.8) weights.append *= 3;
    if (total > this.population * 1.2) weights.expunge *= 3;
    return weights;
  }

  private async connection(): Promise<ImapFlow> {
    if (this.client?.usable === true) return this.client;
    this.client = await imapClientFor(this.info, this.user);
    this.client.on('error', () => undefined);
    return this.client;
  }

  private async folderList(): Promise<Folder[]> {
    if (this.folders !== null) return this.folders;
    const client = await this.connection();
    const listed = await client.list();
    this.folders = listed.map((entry) => ({
      path: entry.path,
      selectable: ![...entry.flags].some((flag) => /^\\(noselect|nonexistent)$/i.test(flag)),
    }));
    for (const path of [...this.sizes.keys()]) if (!this.folders.some((folder) => folder.path === path)) this.sizes.delete(path);
    return this.folders;
  }

  private async ownFolders(): Promise<Folder[]> {
    return (await this.folderList()).filter((folder) => folder.path.split('/').some((part) => part.startsWith(this.tag)));
  }

  private async open(path: string): Promise<number> {
    const client = await this.connection();
    const mailbox = await client.mailboxOpen(path);
    this.sizes.set(path, mailbox.exists);
    return mailbox.exists;
  }

  /** A few UIDs of a random folder that has messages, with that folder open read-write. */
  private async someMessages(): Promise<{ path: string; uids: number[] } | null> {
    const selectable = (await this.folderList()).filter((folder) => folder.selectable);
    for (const folder of this.random.sample(selectable, 4)) {
      if ((await this.open(folder.path)) === 0) continue;
      const found = await (await this.connection()).search({ all: true }, { uid: true });
      if (!Array.isArray(found) || found.length === 0) continue;
      return { path: folder.path, uids: this.random.sample(found, this.random.int(1, 4)) };
    }
    return null;
  }

  private async perform(kind: ChurnKind): Promise<string | null> {
    switch (kind) {
      case 'append':
        return this.append();
      case 'flags':
        return this.flags();
      case 'move':
      case 'copy':
        return this.transfer(kind === 'copy');
      case 'expunge':
        return this.expunge();
      case 'createFolder':
        return this.createFolder();
      case 'renameFolder':
        return this.renameFolder();
      case 'deleteFolder':
        return this.deleteFolder();
    }
  }

  private async append(): Promise<string | null> {
    const selectable = (await this.folderList()).filter((folder) => folder.selectable);
    const path = this.random.chance(0.5) ? 'INBOX' : this.random.pick(selectable).path;
    const n = ++this.counter;
    const raw = makeMessage({
      from: { name: 'Churn', address: 'churn@kestrel.test' },
      to: [{ name: 'Kestrel Tester', address: 'tester@kestrel.test' }],
      subject: `Churn ${this.tag} ${n}`,
      date: new Date(Date.UTC(2025, 0, 1) + n * 60_000),
      text: `Message ${n} of the churn client.\n`,
      messageId: `<churn-${this.tag}-${n}@kestrel.test>`,
    });
    const flags = this.random.sample(FLAGS, this.random.int(0, 2));
    const appended = await (await this.connection()).append(path, raw, flags);
    if (appended === false) return null;
    this.sizes.set(path, (this.sizes.get(path) ?? 0) + 1);
    return `${path} UID ${appended.uid ?? '?'} <churn-${this.tag}-${n}@kestrel.test> [${flags.join(' ')}]`;
  }

  private async flags(): Promise<string | null> {
    const chosen = await this.someMessages();
    if (chosen === null) return null;
    const client = await this.connection();
    const flags = this.random.sample(FLAGS, this.random.int(1, 2));
    const set = chosen.uids.join(',');
    const roll = this.random.next();
    const how = roll < 0.5 ? 'add' : roll < 0.9 ? 'remove' : 'set';
    const done =
      how === 'add'
        ? await client.messageFlagsAdd(set, flags, { uid: true })
        : how === 'remove'
          ? await client.messageFlagsRemove(set, flags, { uid: true })
          : await client.messageFlagsSet(set, flags, { uid: true });
    return done ? `${chosen.path} UIDs ${set} ${how} [${flags.join(' ')}]` : null;
  }

  private async transfer(copy: boolean): Promise<string | null> {
    const chosen = await this.someMessages();
    if (chosen === null) return null;
    const destinations = (await this.folderList()).filter((folder) => folder.selectable && folder.path !== chosen.path);
    if (destinations.length === 0) return null;
    const to = this.random.pick(destinations).path;
    const client = await this.connection();
    const set = chosen.uids.join(',');
    const result = copy ? await client.messageCopy(set, to, { uid: true }) : await client.messageMove(set, to, { uid: true });
    return result === false ? null : `${chosen.path} UIDs ${set} to ${to}`;
  }

  private async expunge(): Promise<string | null> {
    const chosen = await this.someMessages();
    if (chosen === null) return null;
    const set = chosen.uids.join(',');
    return (await (await this.connection()).messageDelete(set, { uid: true })) ? `${chosen.path} UIDs ${set}` : null;
  }

  private async createFolder(): Promise<string | null> {
    const own = await this.ownFolders();
    if (own.length >= MAX_CHURN_FOLDERS) return null;
    const parents = own.filter((folder) => folder.path.split('/').length < 3);
    const name = `${this.tag}${++this.counter}`;
    const path = parents.length > 0 && this.random.chance(0.4) ? `${this.random.pick(parents).path}/${name}` : name;
    await (await this.connection()).mailboxCreate(path);
    this.folders = null;
    return path;
  }

  private async renameFolder(): Promise<string | null> {
    const own = await this.ownFolders();
    if (own.length === 0) return null;
    const folder = this.random.pick(own);
    const parents = own.filter(
      (other) => other.path !== folder.path && !other.path.startsWith(`${folder.path}/`) && other.path.split('/').length < 3,
    );
    const name = `${this.tag}${++this.counter}`;
    const to = parents.length > 0 && this.random.chance(0.3) ? `${this.random.pick(parents).path}/${name}` : name;
    const client = await this.connection();
    // A folder selected on this connection: leave it first, as a careful client would.
    if (client.mailbox !== false) await client.mailboxClose();
    await client.mailboxRename(folder.path, to);
    this.folders = null;
    return `${folder.path} to ${to}`;
  }

  private async deleteFolder(): Promise<string | null> {
    const own = await this.ownFolders();
    if (own.length <= 2) return null;
    const folder = this.random.pick(own);
    const client = await this.connection();
    if (client.mailbox !== false) await client.mailboxClose();
    await client.mailboxDelete(folder.path);
    this.folders = null;
    return folder.path;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
