import type { ImapFlow } from 'imapflow';
import type { CachePort } from '../../shared/cache/port';
import type { OperationOutcome, QueuedOperation } from '../../shared/domain/operation';
import { log } from '../log';
import { performSaveDraft } from './draft-operations';
import { performFolderOperation } from './folder-operations';
import { performExpunge, performFlags, performMarkFolderRead, performMove, type OperationContext } from './message-operations';
import { describeRefusal, isPermanentRefusal, OperationRefused } from './refusals';
import { backToReadOnly } from './writable-folder';

export interface ReplayReport {
  settled: number;
  /** Folders whose content or existence the replayed changes touched. */
  touchedFolders: Set<string>;
  /** Accounts that received messages moved from this one. */
  otherAccounts: Set<string>;
}

function perform(context: OperationContext, queued: QueuedOperation): Promise<OperationOutcome> {
  const operation = queued.operation;
  switch (operation.kind) {
    case 'flags':
      return performFlags(context, operation);
    case 'markFolderRead':
      return performMarkFolderRead(context, operation);
    case 'expunge':
      return performExpunge(context, operation);
    case 'move':
      return performMove(context, queued, operation);
    case 'createFolder':
    case 'renameFolder':
    case 'deleteFolder':
    case 'subscribe':
      return performFolderOperation(context.client, operation);
    case 'saveDraft':
      return performSaveDraft(context, queued, operation);
  }
}

function touched(queued: QueuedOperation): string[] {
  const operation = queued.operation;
  if (operation.kind === 'move' || operation.kind === 'renameFolder') return [operation.path, operation.toPath];
  return [operation.path];
}

/**
 * Replays an account's queued changes in order, each settled in the cache as soon as the server has
 * answered. A refusal for good settles the change as refused (the cache undoes it); anything else (the
 * connection dropped, the server asked to wait) stops the replay, and what is left waits, in order,
 * for the next one.
 */
export async function replayOperations(
  client: ImapFlow,
  cache: CachePort,
  accountId: string,
  onAccount: OperationContext['onAccount'],
): Promise<ReplayReport> {
  const report: ReplayReport = { settled: 0, touchedFolders: new Set(), otherAccounts: new Set() };
  let queue = await cache.pendingOperations(accountId);
  try {
    await replayInOrder();
  } finally {
    await backToReadOnly(client);
  }
  return report;

  async function replayInOrder(): Promise<void> {
    while (queue.length > 0) {
      const [queued, ...rest] = queue;
      if (queued === undefined) break;
      // A placeholder UID means the message's move (from another account's queue) is not done yet: this
      // change and every later one wait, in order, until that move has named the real UID.
      if ('uids' in queued.operation && queued.operation.uids.some((uid) => uid < 0)) break;
      let outcome: OperationOutcome;
      try {
        outcome = await perform({ client, cache, onAccount }, queued);
      } catch (error) {
        if (error instanceof OperationRefused) outcome = { kind: 'refused', error: error.appError };
        else if (isPermanentRefusal(error)) outcome = { kind: 'refused', error: describeRefusal(error, queued.operation) };
        else throw error;
      }
      await cache.operationSettled(queued.id, outcome);
      report.settled += 1;
      for (const path of touched(queued)) report.touchedFolders.add(path);
      if (queued.operation.kind === 'move' && queued.operation.toAccountId !== undefined) report.otherAccounts.add(queued.operation.toAccountId);
      if (outcome.kind === 'refused') log.info('operation.refused', { accountId, kind: queued.operation.kind });
      // Settling a move renames its placeholders in the changes queued after it: those are read anew,
      // but only when a later change names one of them.
      const placeholders = new Set(queued.operation.kind === 'move' ? queued.operation.placeholders : []);
      const renamed = rest.some((later) => 'uids' in later.operation && later.operation.uids.some((uid) => placeholders.has(uid)));
      queue = renamed ? await cache.pendingOperations(accountId) : rest;
    }
  }
}
