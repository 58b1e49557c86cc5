import type { ImapFlow } from 'imapflow';
import type { CachePort } from '../../shared/cache/port';
import type { OperationOutcome, QueuedOperation } from '../../shared/domain/operation';
import { log } from '../log';
import { performSaveDraft } from './draft-operations';
import { performFolderOperation } from './folder-operations';
import { performExpunge, performFlags, performMarkFolderRead, performMove, type OperationContext } from './message-operations';
import { AppFailure } from '../../shared/ipc/result';
import type { ImapRefusal } from '../imap/message-commands';
import { describeRepeatedRefusal, judgeFailure } from './refusals';
import type { RepeatedRefusals } from './repeated-refusals';
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

/** The server refused a change for now: the replay stops, and what is left waits, in order, for the next. */
export class ReplayPaused extends AppFailure {
  constructor(readonly refusal: ImapRefusal) {
    super({
      code: 'SERVER_ERROR',
      message: `The mail server did not take a change for now (“${refusal.text.slice(0, 200)}”). Kestrel will try again.`,
    });
  }
}

/**
 * Replays an account's queued changes in order, each settled in the cache as soon as the server has
 * answered. A refusal for good settles the change as refused (the cache undoes it), as does one repeated
 * past `refusals`' patience; a refusal for now throws ReplayPaused, and a dropped connection its error:
 * what is left waits, in order, for the next replay.
 */
export async function replayOperations(
  client: ImapFlow,
  cache: CachePort,
  accountId: string,
  onAccount: OperationContext['onAccount'],
  refusals: RepeatedRefusals,
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
        const verdict = judgeFailure(error, queued.operation);
        if (verdict.kind === 'stop') throw error;
        if (verdict.kind === 'refused') outcome = { kind: 'refused', error: verdict.error };
        else if (refusals.refusedAgain(queued.id)) outcome = { kind: 'refused', error: describeRepeatedRefusal(verdict.refusal, queued.operation) };
        else throw new ReplayPaused(verdict.refusal);
      }
      await cache.operationSettled(queued.id, outcome);
      refusals.settled(queued.id);
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
