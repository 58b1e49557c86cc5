import { Dexie, type EntityTable, type Transaction } from 'dexie';
import type { FolderSyncState } from '../../../shared/cache/delta';
import type { AccountSummary } from '../../../shared/domain/account';
import { listAttachments } from '../../../shared/domain/attachments';
import type { FolderRecord } from '../../../shared/domain/folder';
import { indexWords } from '../../../shared/search/match';
import type { MailOperation, MovedMessage, QueuedOperation } from '../../../shared/domain/operation';
import type { AppError } from '../../../shared/ipc/result';
import { bodyBytes, senderSortKey, type MessageBody, type MessageHeader } from '../../../shared/domain/message';
import { indexMessages, type IndexTables } from './word-index';
import type { WordBucket, WordSegment } from './word-segments';

export interface CachedMessage extends MessageHeader {
  folderKey: string;
  accountId: string;
  path: string;
  /** 1 or 0: IndexedDB cannot index booleans. */
  unread: 0 | 1;
  /** The sender as the list sorts by it: name (or address), lower case. */
  senderKey: string;
  /**
   * Set on a message moved or copied here whose move the server has not done yet: its UID is a negative
   * placeholder, and its body is cached under the message it came from.
   */
  pendingFrom?: { accountId: string; path: string; uid: number };
}

export interface CachedFolderState extends FolderSyncState {
  folderKey: string;
}

export interface CachedBody extends MessageBody {
  folderKey: string;
  uid: number;
  fetchedAt: number;
  /** Images the HTML shows by cid:, as data: URLs; present once the user allowed images. */
  inlineImages?: Record<string, string>;
}

/**
 * What the storage budget needs of each cached body, apart from the body itself: summing and ordering
 * these small rows never reads a body's text.
 */
export interface CachedBodyIndex {
  folderKey: string;
  uid: number;
  bytes: number;
  /** When the reader last showed it (epoch ms); prefetched bodies start at their fetch time. */
  lastReadAt: number;
}

/**
 * How many messages a folder holds in the cache, and how many are unread, kept by the writer in the
 * transaction that changes them: the sidebar and the list read two numbers instead of counting an
 * index of 100,000 entries on every written batch.
 */
export interface CachedFolderCounts {
  folderKey: string;
  messages: number;
  unread: number;
}

/** The words a message is found by, from the header it has and the body text when cached. */
export function searchTermsOf(message: Partial<MessageHeader>, bodyText: string | null): string[] {
  return indexWords(
    {
      subject: message.subject ?? '',
      from: message.from ?? [],
      to: message.to ?? [],
      cc: message.cc ?? [],
      preview: message.preview ?? null,
      attachmentNames:
        message.bodyStructure === null || message.bodyStructure === undefined
          ? []
          : listAttachments(message.bodyStructure).map((attachment) => attachment.filename),
    },
    bodyText,
  );
}

/** What a queued change replaced in the cache, put back if the server refuses the change. */
export type OperationUndo =
  | { kind: 'flags'; previous: Array<[number, string[]]> }
  /** Rows taken out of their folder (moved or deleted). */
  | { kind: 'rows'; rows: CachedMessage[] }
  | { kind: 'folder'; folder: FolderRecord | null }
  | { kind: 'none' };

/**
 * One change the user made, queued for the server in the same transaction that made it in the cache.
 * Refused changes stay, as failed, until the user has seen why.
 */
export interface CachedOperation extends Omit<QueuedOperation, 'id'> {
  id?: number;
  /** Done changes stay a few minutes, with where moved mail landed, so that Undo can reverse them. */
  state: 'pending' | 'failed' | 'done';
  moved?: MovedMessage[];
  error: AppError | null;
  createdAt: number;
  /** What the user did, in words: "Move 3 messages to Archive". */
  label: string;
  /** Placeholder UIDs the operation names, indexed: settling a move finds the changes to rename at once. */
  refs?: number[];
  undo: OperationUndo;
}

/** Small counters the cache keeps for itself. */
export interface CacheMeta {
  key: 'nextPlaceholder';
  value: number;
}

/** A sender the user trusts with remote images, by address (lower case). */
export interface RemoteImageSender {
  address: string;
  allowedAt: number;
}

/** Bodies the cache keeps for offline reading, 2 GB unless the user says otherwise. */
export const DEFAULT_BODY_BUDGET_BYTES = 2 * 1024 * 1024 * 1024;

export type CachedAccount = AccountSummary;
export type CachedFolder = FolderRecord;

/** The mail cache. Everything the UI shows is read from here; the engine's deltas are written here. */
export class MailCache extends Dexie {
  accounts!: EntityTable<CachedAccount, 'id'>;
  folders!: Dexie.Table<CachedFolder, [string, string]>;
  messages!: Dexie.Table<CachedMessage, [string, number]>;
  folderStates!: EntityTable<CachedFolderState, 'folderKey'>;
  bodies!: Dexie.Table<CachedBody, [string, number]>;
  bodyIndex!: Dexie.Table<CachedBodyIndex, [string, number]>;
  folderCounts!: EntityTable<CachedFolderCounts, 'folderKey'>;
  operations!: EntityTable<CachedOperation, 'id'>;
  remoteImageSenders!: EntityTable<RemoteImageSender, 'address'>;
  meta!: EntityTable<CacheMeta, 'key'>;
  wordSegments!: EntityTable<WordSegment, 'id'>;
  wordBuckets!: Dexie.Table<WordBucket, [string, number]>;

  constructor(name: string, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      accounts: 'id',
      // accountId: the sidebar lists one account's folders.
      folders: '[accountId+path], accountId',
      // [folderKey+date]: the message list, newest first. [folderKey+unread]: unread counts.
      messages: '[folderKey+uid], [folderKey+date], [folderKey+unread]',
      folderStates: 'folderKey',
      bodies: '[folderKey+uid]',
    });
    // 2: the storage budget for offline bodies. lastReadAt: eviction takes the least recently read first.
    this.version(2)
      .stores({ bodyIndex: '[folderKey+uid], lastReadAt' })
      .upgrade(async (transaction) => {
        const index = transaction.table<CachedBodyIndex, [string, number]>('bodyIndex');
        await transaction
          .table<CachedBody, [string, number]>('bodies')
          .each((body) => index.put({ folderKey: body.folderKey, uid: body.uid, bytes: bodyBytes(body), lastReadAt: body.fetchedAt }));
      });
    // 3: message and unread counts per folder, counted once from what version 2 holds.
    this.version(3)
      .stores({ folderCounts: 'folderKey' })
      .upgrade(async (transaction) => {
        const messages = transaction.table<CachedMessage, [string, number]>('messages');
        const counts = transaction.table<CachedFolderCounts, string>('folderCounts');
        const states = await transaction.table<CachedFolderState, string>('folderStates').toArray();
        for (const { folderKey } of states) {
          await counts.put({
            folderKey,
            messages: await messages.where('[folderKey+uid]').between([folderKey, 0], [folderKey, Number.MAX_SAFE_INTEGER], true, true).count(),
            unread: await messages.where('[folderKey+unread]').equals([folderKey, 1]).count(),
          });
        }
      });
    // 4: the queue of changes waiting for the server, replayed in id order per account.
    this.version(4).stores({ operations: '++id, [accountId+state]' });
    // 5: senders whose messages may load remote images ("always for this sender").
    this.version(5).stores({ remoteImageSenders: 'address' });
    // 6: [path+date]: the unified Inbox, every account's INBOX newest first, read a window at a time.
    this.version(6).stores({ messages: '[folderKey+uid], [folderKey+date], [folderKey+unread], [path+date]' });
    // 7: [folderKey+senderKey] and [path+senderKey]: the list sorted by sender, a window at a time.
    this.version(7)
      .stores({ messages: '[folderKey+uid], [folderKey+date], [folderKey+unread], [path+date], [folderKey+senderKey], [path+senderKey]' })
      .upgrade(async (transaction) => {
        await transaction
          .table<CachedMessage, [string, number]>('messages')
          .toCollection()
          .modify((message) => {
            // A row without a sender (from an older or damaged cache) must not stop the upgrade.
            message.senderKey = senderSortKey((message as Partial<CachedMessage>).from ?? []);
          });
      });
    // 8: local search. *terms: every word of a message, multi-entry; date: all folders newest first.
    this.version(8)
      .stores({
        messages: '[folderKey+uid], [folderKey+date], [folderKey+unread], [path+date], [folderKey+senderKey], [path+senderKey], *terms, date',
      })
      .upgrade(async (transaction) => {
        const bodies = transaction.table<CachedBody, [string, number]>('bodies');
        await transaction
          .table<CachedMessage, [string, number]>('messages')
          .toCollection()
          .modify((message) => {
            (message as CachedMessage & { terms: string[] }).terms = searchTermsOf(message, null);
          });
        // Bodies already cached join the index too, read one at a time: they may be gigabytes.
        const messages = transaction.table<CachedMessage, [string, number]>('messages');
        for (const key of await transaction.table<CachedBodyIndex, [string, number]>('bodyIndex').toCollection().primaryKeys()) {
          const [body, message] = [await bodies.get(key), await messages.get(key)];
          if (body !== undefined && message !== undefined)
            await messages.put({ ...message, terms: searchTermsOf(message, body.text) } as CachedMessage);
        }
      });
    // 9: placeholder UIDs for moved mail come from one counter: never twice the same, in any folder.
    this.version(9).stores({ meta: 'key' });
    // 10: *refs: the queued changes naming a placeholder, found without reading the whole queue.
    this.version(10)
      .stores({ operations: '++id, [accountId+state], *refs' })
      .upgrade(async (transaction) => {
        await transaction
          .table<CachedOperation, number>('operations')
          .toCollection()
          .modify((row) => {
            row.refs = placeholderRefs(row.operation);
          });
      });
    // 11: the word index moves out of the messages table into segments of its own (word-segments.ts):
    // a multi-entry index put forty entries for every message cached. Rows keep their old `terms`
    // until rewritten; nothing reads them. Version 12 builds the index.
    this.version(11).stores({
      messages: '[folderKey+uid], [folderKey+date], [folderKey+unread], [path+date], [folderKey+senderKey], [path+senderKey], date',
      wordSegments: 'id, level',
      wordBuckets: '[bucket+segment], segment',
    });
    // 12: the tokenizer folds final sigma to sigma ("ΟΔΟΣ" and "οδος" are one word), so words indexed
    // before then may be spelled in a way no query now asks for: the index is built again.
    // 12 and 13: the words of a text changed (final sigma; then ß, ı and typographic apostrophes), so the
    // index is built again.
    for (const version of [12, 13]) {
      this.version(version).upgrade(async (transaction) => {
        await Promise.all([transaction.table('wordSegments').clear(), transaction.table('wordBuckets').clear()]);
        await this.rebuildWordIndex(transaction);
      });
    }
  }

  /** Indexes every cached message, with its body when cached, for a cache whose index is empty. */
  private async rebuildWordIndex(transaction: Transaction): Promise<void> {
    const messages = transaction.table<CachedMessage, [string, number]>('messages');
    const bodies = transaction.table<CachedBody, [string, number]>('bodies');
    const tables: IndexTables = {
      messages,
      wordSegments: transaction.table<WordSegment, number>('wordSegments'),
      wordBuckets: transaction.table<WordBucket, [string, number]>('wordBuckets'),
    };
    const withBodies = new Set((await transaction.table<CachedBodyIndex, [string, number]>('bodyIndex').toCollection().primaryKeys()).map(String));
    // A thousand rows at a time: a cache of a million messages is never read into memory at once.
    let after: [string, number] | null = null;
    for (;;) {
      const page: CachedMessage[] = await (after === null ? messages.toCollection() : messages.where(':id').above(after)).limit(1000).toArray();
      const last = page.at(-1);
      if (last === undefined) break;
      const entries = [];
      for (const row of page) {
        const key: [string, number] = [row.folderKey, row.uid];
        // One body at a time: a page of them could be gigabytes.
        const body = withBodies.has(String(key)) ? ((await bodies.get(key))?.text ?? null) : null;
        entries.push({ folderKey: row.folderKey, uid: row.uid, date: row.date, words: searchTermsOf(row, body) });
      }
      await indexMessages(tables, entries);
      after = [last.folderKey, last.uid];
    }
  }
}

/** The placeholder UIDs (negative) an operation names. */
export function placeholderRefs(operation: MailOperation): number[] {
  return 'uids' in operation ? operation.uids.filter((uid) => uid < 0) : [];
}
