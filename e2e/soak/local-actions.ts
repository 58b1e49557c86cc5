import { folderKey, type FolderRecord } from '../../shared/domain/folder';
import { AppFailure } from '../../shared/ipc/result';
import type { CachedMessage, MailCache } from '../../renderer/src/cache/db';
import { MailActions } from '../../renderer/src/cache/mail-actions';
import type { ExpectedModel } from './model';
import type { Random } from './random';

export type ActionKind = 'flags' | 'move' | 'copy' | 'delete' | 'markFolderRead' | 'createFolder' | 'renameFolder' | 'deleteFolder' | 'subscribe';

export const DEFAULT_ACTION_WEIGHTS: Readonly<Record<ActionKind, number>> = {
  flags: 34,
  move: 18,
  copy: 5,
  delete: 12,
  markFolderRead: 2,
  createFolder: 9,
  renameFolder: 8,
  deleteFolder: 7,
  subscribe: 5,
};

const FLAGS = ['\\Seen', '\\Flagged', '\\Answered', '$Soak'];

export interface ActorOptions {
  /** Act on messages whose move the server has not confirmed (negative placeholder UIDs) too; default true. */
  placeholders?: boolean;
  /** Names of folders this actor creates start with it. */
  prefix: string;
  weights?: Readonly<Record<ActionKind, number>>;
  /** Folders of its own the actor keeps at most. */
  maxFolders?: number;
}

export interface ActorStats {
  taken: Partial<Record<ActionKind, number>>;
  /** Refused by MailActions itself (BAD_INPUT): a no-op for the user, nothing queued. */
  refusedLocally: number;
}

/**
 * The user of the scenarios: takes random actions through the renderer's MailActions on what the cache
 * shows, as a person clicking through the app would, and records each in the expected model if there is one.
 */
export class LocalActor {
  readonly stats: ActorStats = { taken: {}, refusedLocally: 0 };
  /** Every action taken, numbered as the expected model numbers them: what a failure is traced back with. */
  readonly log: string[] = [];
  private readonly actions: MailActions;
  private named = 0;

  constructor(
    private readonly db: MailCache,
    private readonly accountId: string,
    private readonly random: Random,
    private readonly model: ExpectedModel | null,
    private readonly options: ActorOptions,
  ) {
    this.actions = new MailActions(db);
  }

  /** Takes one action; returns its kind, or null when the chosen one was not possible or was refused. */
  async act(): Promise<ActionKind | null> {
    const kind = this.random.weighted(this.options.weights ?? DEFAULT_ACTION_WEIGHTS);
    try {
      const done = await this.take(kind);
      if (done === null) return null;
      this.log.push(`${new Date().toISOString()} action #${this.log.length + 1} ${kind}: ${done}`);
      this.stats.taken[kind] = (this.stats.taken[kind] ?? 0) + 1;
      return kind;
    } catch (error) {
      if (error instanceof AppFailure && error.appError.code === 'BAD_INPUT') {
        this.stats.refusedLocally += 1;
        return null;
      }
      throw error;
    }
  }

  /** Takes actions until `count` were taken (attempts that were not possible do not count). */
  async actTimes(count: number): Promise<void> {
    let taken = 0;
    for (let attempts = 0; taken < count; attempts++) {
      if (attempts > count * 50 + 100) throw new Error(`Only ${taken} of ${count} actions could be taken`);
      if ((await this.act()) !== null) taken += 1;
    }
  }

  get taken(): number {
    return Object.values(this.stats.taken).reduce((sum, count) => sum + count, 0);
  }

  private async take(kind: ActionKind): Promise<string | null> {
    switch (kind) {
      case 'flags':
        return this.flags();
      case 'move':
        return this.move(false);
      case 'copy':
        return this.move(true);
      case 'delete':
        return this.delete();
      case 'markFolderRead':
        return this.markFolderRead();
      case 'createFolder':
        return this.createFolder();
      case 'renameFolder':
        return this.renameFolder();
      case 'deleteFolder':
        return this.deleteFolder();
      case 'subscribe':
        return this.subscribe();
    }
  }

  private async folders(): Promise<FolderRecord[]> {
    return (await this.db.folders.where('accountId').equals(this.accountId).toArray()).filter(
      (folder) => this.model === null || this.model.hasFolder(folder.path),
    );
  }

  /** Folders the user may rename or delete: not INBOX, no special use. */
  private async ownFolders(): Promise<FolderRecord[]> {
    return (await this.folders()).filter((folder) => folder.role === null && folder.path.toUpperCase() !== 'INBOX');
  }

  private async rows(path: string): Promise<CachedMessage[]> {
    const key = folderKey(this.accountId, path);
    const rows = await this.db.messages
      .where('[folderKey+uid]')
      .between([key, -Number.MAX_SAFE_INTEGER], [key, Number.MAX_SAFE_INTEGER], true, true)
      .toArray();
    return rows.filter(
      (row) =>
        (this.options.placeholders !== false || row.uid > 0) &&
        (this.model === null || (row.messageId !== null && this.model.has(path, row.messageId))),
    );
  }

  /** A folder with messages, and a few of them. */
  private async selection(): Promise<{ path: string; rows: CachedMessage[] } | null> {
    const candidates = (await this.folders()).filter((folder) => folder.selectable);
    for (const folder of this.random.sample(candidates, candidates.length)) {
      const rows = await this.rows(folder.path);
      if (rows.length > 0) return { path: folder.path, rows: this.random.sample(rows, this.random.int(1, 3)) };
    }
    return null;
  }

  private messageIds(rows: readonly CachedMessage[]): string[] {
    return rows.flatMap((row) => (row.messageId === null ? [] : [row.messageId]));
  }

  private describe(path: string, rows: readonly CachedMessage[]): string {
    return `${path} [${rows.map((row) => `${row.uid} ${row.messageId ?? ''}`).join(', ')}]`;
  }

  private async flags(): Promise<string | null> {
    const chosen = await this.selection();
    if (chosen === null) return null;
    const add = this.random.sample(FLAGS, this.random.int(0, 2));
    const remove = this.random.sample(
      FLAGS.filter((flag) => !add.includes(flag)),
      add.length === 0 ? this.random.int(1, 2) : this.random.int(0, 1),
    );
    await this.actions.setFlags({ accountId: this.accountId, path: chosen.path, uids: chosen.rows.map((row) => row.uid) }, add, remove);
    if (this.model !== null) this.model.setFlags(this.model.begin('flags'), chosen.path, this.messageIds(chosen.rows), add, remove);
    return `${this.describe(chosen.path, chosen.rows)} +[${add.join(' ')}] -[${remove.join(' ')}]`;
  }

  private async move(copy: boolean): Promise<string | null> {
    const chosen = await this.selection();
    if (chosen === null) return null;
    const ids = this.messageIds(chosen.rows);
    const destinations = (await this.folders()).filter(
      (folder) => folder.selectable && folder.path !== chosen.path && (this.model === null || ids.every((id) => !this.model?.has(folder.path, id))),
    );
    if (destinations.length === 0) return null;
    const to = this.random.pick(destinations).path;
    await this.actions.move({ accountId: this.accountId, path: chosen.path, uids: chosen.rows.map((row) => row.uid) }, to, { copy });
    if (this.model !== null) this.model.move(this.model.begin(copy ? 'copy' : 'move'), chosen.path, to, ids, copy);
    return `${this.describe(chosen.path, chosen.rows)} to ${to}`;
  }

  private async delete(): Promise<string | null> {
    const chosen = await this.selection();
    if (chosen === null) return null;
    const ids = this.messageIds(chosen.rows);
    const trash = (await this.folders()).find((folder) => folder.role === 'trash');
    const toTrash = trash !== undefined && trash.path !== chosen.path;
    if (toTrash && this.model !== null && ids.some((id) => this.model?.has(trash.path, id))) return null;
    await this.actions.delete({ accountId: this.accountId, path: chosen.path, uids: chosen.rows.map((row) => row.uid) });
    if (this.model !== null) {
      const action = this.model.begin('delete');
      if (toTrash) this.model.move(action, chosen.path, trash.path, ids, false);
      else this.model.expunge(action, chosen.path, ids);
    }
    return `${this.describe(chosen.path, chosen.rows)} ${toTrash ? 'to Trash' : 'for good'}`;
  }

  private async markFolderRead(): Promise<string | null> {
    const candidates = (await this.folders()).filter((folder) => folder.selectable);
    if (candidates.length === 0) return null;
    const path = this.random.pick(candidates).path;
    await this.actions.markFolderRead(this.accountId, path);
    if (this.model !== null) this.model.markFolderRead(this.model.begin('markFolderRead'), path);
    return path;
  }

  private async createFolder(): Promise<string | null> {
    const own = await this.ownFolders();
    if (own.length >= (this.options.maxFolders ?? 8)) return null;
    const parents = own.filter((folder) => folder.path.split('/').length < 3);
    const parent = parents.length > 0 && this.random.chance(0.35) ? this.random.pick(parents).path : null;
    const name = `${this.options.prefix}${++this.named}`;
    const path = await this.actions.createFolder(this.accountId, parent, name);
    if (this.model !== null) this.model.createFolder(this.model.begin('createFolder'), path);
    return path;
  }

  private async renameFolder(): Promise<string | null> {
    const own = await this.ownFolders();
    if (own.length === 0) return null;
    const folder = this.random.pick(own);
    const parents = own.filter(
      (candidate) => candidate.path !== folder.path && !candidate.path.startsWith(`${folder.path}/`) && candidate.path.split('/').length < 3,
    );
    const name = `${this.options.prefix}${++this.named}`;
    const toPath = parents.length > 0 && this.random.chance(0.3) ? `${this.random.pick(parents).path}/${name}` : name;
    await this.actions.renameFolder(this.accountId, folder.path, toPath);
    if (this.model !== null) this.model.renameFolder(this.model.begin('renameFolder'), folder.path, toPath);
    return `${folder.path} to ${toPath}`;
  }

  private async deleteFolder(): Promise<string | null> {
    const own = await this.ownFolders();
    const leaves = own.filter((folder) => !own.some((other) => other.parentPath === folder.path));
    if (leaves.length === 0 || own.length <= 2) return null;
    const path = this.random.pick(leaves).path;
    await this.actions.deleteFolder(this.accountId, path);
    if (this.model !== null) this.model.deleteFolder(this.model.begin('deleteFolder'), path);
    return path;
  }

  private async subscribe(): Promise<string | null> {
    const own = await this.ownFolders();
    if (own.length === 0) return null;
    const folder = this.random.pick(own);
    await this.actions.setSubscribed(this.accountId, folder.path, !folder.subscribed);
    if (this.model !== null) this.model.setSubscribed(this.model.begin('subscribe'), folder.path, !folder.subscribed);
    return `${folder.path} ${folder.subscribed ? 'off' : 'on'}`;
  }
}
