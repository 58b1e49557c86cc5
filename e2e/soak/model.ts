import type { MailState } from './server-state';

/** 0: the seeded mailbox, touched by no action. */
export const NO_ACTION = 0;

interface Entry {
  folder: string;
  messageId: string;
  flags: Set<string>;
}

interface ModelFolder {
  subscribed: boolean;
  lastAction: number;
}

export interface Verdict {
  /** Distinct actions with an effect missing or applied twice, plus deviations no action explains. */
  notExactlyOnce: number;
  messagesLost: number;
  messagesDoubled: number;
  messagesMisplaced: number;
  flagsWrong: number;
  foldersWrong: number;
  /** Deviations by the kind of the last action that touched the message or folder. */
  byAction: Record<string, number>;
  samples: string[];
}

const MAX_SAMPLES = 25;

/**
 * What the server should hold when every action the user took has been applied exactly once: each
 * message (by its unique Message-ID) in the folders it should be in, with the flags it should have,
 * and the folder tree. Only the engine changes the server in the scenarios that use it.
 */
export class ExpectedModel {
  private readonly entries = new Map<string, Entry>();
  private readonly folders = new Map<string, ModelFolder>();
  /** The last action that touched each Message-ID, or each folder path that no longer exists. */
  private readonly lastTouch = new Map<string, number>();
  private readonly removedFolders = new Map<string, number>();
  private readonly actionKinds = new Map<number, string>([[NO_ACTION, 'none']]);
  /** What each action did to each message, in order: the story a deviation is reported with. */
  private readonly history = new Map<string, string[]>();
  private nextAction = 1;

  constructor(
    private readonly delimiter = '/',
    initial?: MailState,
  ) {
    if (initial === undefined) return;
    for (const [path, folder] of initial.folders) this.folders.set(path, { subscribed: folder.subscribed, lastAction: NO_ACTION });
    for (const [path, messages] of initial.messages) {
      for (const message of messages) {
        if (message.messageId === null) throw new Error(`A seeded message in ${path} has no Message-ID`);
        this.entries.set(key(path, message.messageId), { folder: path, messageId: message.messageId, flags: new Set(message.flags) });
      }
    }
  }

  /** Starts an action of this kind; pass its number to the changes it makes. */
  begin(kind: string): number {
    const id = this.nextAction++;
    this.actionKinds.set(id, kind);
    return id;
  }

  get actions(): number {
    return this.nextAction - 1;
  }

  has(folder: string, messageId: string): boolean {
    return this.entries.has(key(folder, messageId));
  }

  hasFolder(path: string): boolean {
    return this.folders.has(path);
  }

  setFlags(action: number, folder: string, messageIds: readonly string[], add: readonly string[], remove: readonly string[]): void {
    for (const messageId of messageIds) {
      const entry = this.entries.get(key(folder, messageId));
      if (entry === undefined) continue;
      for (const flag of remove) entry.flags.delete(flag);
      for (const flag of add) entry.flags.add(flag);
      this.touch(messageId, action, `flags in ${folder} +[${add.join(' ')}] -[${remove.join(' ')}]`);
    }
  }

  /** Every message the folder shows is read afterwards. */
  markFolderRead(action: number, folder: string): void {
    for (const entry of this.entries.values()) {
      if (entry.folder !== folder || entry.flags.has('\\Seen')) continue;
      entry.flags.add('\\Seen');
      this.touch(entry.messageId, action, `mark ${folder} read`);
    }
  }

  move(action: number, from: string, to: string, messageIds: readonly string[], copy: boolean): void {
    for (const messageId of messageIds) {
      const entry = this.entries.get(key(from, messageId));
      if (entry === undefined) continue;
      if (!copy) this.entries.delete(key(from, messageId));
      this.entries.set(key(to, messageId), { folder: to, messageId, flags: new Set(entry.flags) });
      this.touch(messageId, action, `${copy ? 'copy' : 'move'} ${from} -> ${to}`);
    }
  }

  expunge(action: number, folder: string, messageIds: readonly string[]): void {
    for (const messageId of messageIds) {
      if (this.entries.delete(key(folder, messageId))) this.touch(messageId, action, `expunge from ${folder}`);
    }
  }

  createFolder(action: number, path: string): void {
    this.folders.set(path, { subscribed: true, lastAction: action });
    this.removedFolders.delete(path);
  }

  renameFolder(action: number, from: string, to: string): void {
    const inside = (path: string): boolean => path === from || path.startsWith(from + this.delimiter);
    const renamed = (path: string): string => to + path.slice(from.length);
    for (const [path, folder] of [...this.folders]) {
      if (!inside(path)) continue;
      this.folders.delete(path);
      this.removedFolders.set(path, action);
      this.folders.set(renamed(path), { ...folder, lastAction: action });
      this.removedFolders.delete(renamed(path));
    }
    for (const [entryKey, entry] of [...this.entries]) {
      if (!inside(entry.folder)) continue;
      this.entries.delete(entryKey);
      const moved = { ...entry, folder: renamed(entry.folder) };
      this.entries.set(key(moved.folder, moved.messageId), moved);
      this.note(moved.messageId, action, `its folder ${entry.folder} renamed to ${moved.folder}`);
    }
  }

  deleteFolder(action: number, path: string): void {
    this.folders.delete(path);
    this.removedFolders.set(path, action);
    for (const [entryKey, entry] of [...this.entries]) {
      if (entry.folder !== path) continue;
      this.entries.delete(entryKey);
      this.touch(entry.messageId, action, `its folder ${path} deleted`);
    }
  }

  setSubscribed(action: number, path: string, subscribed: boolean): void {
    const folder = this.folders.get(path);
    if (folder !== undefined) this.folders.set(path, { subscribed, lastAction: action });
  }

  private touch(messageId: string, action: number, what: string): void {
    this.lastTouch.set(messageId, action);
    this.note(messageId, action, what);
  }

  private note(messageId: string, action: number, what: string): void {
    this.history.set(messageId, [...(this.history.get(messageId) ?? []), `#${action} ${what}`]);
  }

  /** Compares the server with what it should hold. */
  judge(server: MailState): Verdict {
    const verdict: Verdict = {
      notExactlyOnce: 0,
      messagesLost: 0,
      messagesDoubled: 0,
      messagesMisplaced: 0,
      flagsWrong: 0,
      foldersWrong: 0,
      byAction: {},
      samples: [],
    };
    const implicated = new Set<number>();
    let unexplained = 0;
    const blame = (action: number, description: string, messageId?: string): void => {
      const kind = this.actionKinds.get(action) ?? 'unknown';
      verdict.byAction[kind] = (verdict.byAction[kind] ?? 0) + 1;
      if (action === NO_ACTION) unexplained += 1;
      else implicated.add(action);
      const story = messageId === undefined ? '' : `; its actions: ${(this.history.get(messageId) ?? ['none']).join(', ')}`;
      if (verdict.samples.length < MAX_SAMPLES) verdict.samples.push(`${description} (last action #${action}, ${kind})${story}`);
    };

    const expected = new Map<string, Entry[]>();
    for (const entry of this.entries.values()) expected.set(entry.messageId, [...(expected.get(entry.messageId) ?? []), entry]);
    const found = new Map<string, Array<{ folder: string; flags: string[] }>>();
    for (const [folder, messages] of server.messages) {
      for (const message of messages) {
        const messageId = message.messageId ?? `(no Message-ID, UID ${message.uid} in ${folder})`;
        found.set(messageId, [...(found.get(messageId) ?? []), { folder, flags: message.flags }]);
      }
    }
    for (const messageId of new Set([...expected.keys(), ...found.keys()])) {
      const wanted = [...(expected.get(messageId) ?? [])];
      const present = [...(found.get(messageId) ?? [])];
      const action = this.lastTouch.get(messageId) ?? NO_ACTION;
      for (const entry of [...wanted]) {
        const at = present.findIndex((copy) => copy.folder === entry.folder);
        if (at === -1) continue;
        const [copy] = present.splice(at, 1);
        wanted.splice(wanted.indexOf(entry), 1);
        const flags = [...entry.flags].sort().join(' ');
        if (copy !== undefined && copy.flags.join(' ') !== flags) {
          verdict.flagsWrong += 1;
          blame(action, `${messageId} in ${entry.folder}: flags [${copy.flags.join(' ')}], should be [${flags}]`, messageId);
        }
      }
      const misplaced = Math.min(wanted.length, present.length);
      for (let index = 0; index < wanted.length; index++) {
        const entry = wanted[index];
        if (entry === undefined) continue;
        if (index < misplaced) {
          verdict.messagesMisplaced += 1;
          blame(action, `${messageId} is in ${present[index]?.folder ?? '?'}, should be in ${entry.folder}`, messageId);
        } else {
          verdict.messagesLost += 1;
          blame(action, `${messageId} is missing from ${entry.folder}`, messageId);
        }
      }
      for (const copy of present.slice(misplaced)) {
        verdict.messagesDoubled += 1;
        blame(action, `${messageId} has an extra copy in ${copy.folder}`, messageId);
      }
    }

    for (const [path, folder] of this.folders) {
      const onServer = server.folders.get(path);
      if (onServer === undefined) {
        verdict.foldersWrong += 1;
        blame(folder.lastAction, `folder ${path} is missing`);
      } else if (onServer.subscribed !== folder.subscribed) {
        verdict.foldersWrong += 1;
        blame(folder.lastAction, `folder ${path} is ${onServer.subscribed ? '' : 'un'}subscribed`);
      }
    }
    for (const path of server.folders.keys()) {
      if (this.folders.has(path)) continue;
      verdict.foldersWrong += 1;
      blame(this.removedFolders.get(path) ?? NO_ACTION, `folder ${path} should not exist`);
    }
    verdict.notExactlyOnce = implicated.size + unexplained;
    return verdict;
  }
}

function key(folder: string, messageId: string): string {
  return `${folder}\u0000${messageId}`;
}
