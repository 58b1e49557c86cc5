import type { MailOperation } from '../../shared/domain/operation';
import type { AppError } from '../../shared/ipc/result';
import { ImapRefusal } from '../imap/message-commands';

/**
 * Response codes (RFC 5530) that say "not now": the server is busy or the folder is in use. Every other
 * refusal is for good, and the user's change is undone and explained.
 */
const TRANSIENT_CODES = new Set(['INUSE', 'UNAVAILABLE', 'SERVERBUG', 'LIMIT', 'EXPUNGEISSUED']);

export function isPermanentRefusal(error: unknown): error is ImapRefusal {
  return error instanceof ImapRefusal && !(error.code !== null && TRANSIENT_CODES.has(error.code));
}

/** A refusal (or a check's finding) the engine decides itself, with what the user is told. */
export class OperationRefused extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
    this.name = 'OperationRefused';
  }
}

export function refused(message: string): OperationRefused {
  return new OperationRefused({ code: 'SERVER_ERROR', message });
}

function subject(operation: MailOperation): string {
  switch (operation.kind) {
    case 'flags':
    case 'markFolderRead':
      return `Changing flags in ${operation.path}`;
    case 'move':
      return `${operation.copy ? 'Copying' : 'Moving'} messages to ${operation.toPath}`;
    case 'expunge':
      return `Deleting messages in ${operation.path}`;
    case 'createFolder':
      return `Creating the folder ${operation.path}`;
    case 'renameFolder':
      return `Renaming the folder ${operation.path}`;
    case 'deleteFolder':
      return `Deleting the folder ${operation.path}`;
    case 'subscribe':
      return `${operation.subscribed ? 'Subscribing to' : 'Unsubscribing from'} ${operation.path}`;
    case 'saveDraft':
      return `Saving the draft “${operation.draft.subject.slice(0, 80) || 'without a subject'}” to ${operation.path}`;
  }
}

/** What became of the local change: undone, or for a draft, kept for the user to open again. */
export function aftermath(operation: MailOperation): string {
  return operation.kind === 'saveDraft' ? 'The draft is kept: open it again from the failed change.' : 'The change was undone.';
}

/** What the server's refusal means for the user, in words: what failed, why, and what to do. */
export function describeRefusal(error: ImapRefusal, operation: MailOperation): AppError {
  const what = subject(operation);
  // The server's own words are shown trimmed: they are its text, not the user's mail.
  const said = error.text.slice(0, 200);
  switch (error.code) {
    case 'TRYCREATE':
    case 'NONEXISTENT':
      return { code: 'NOT_FOUND', message: `${what} failed: the folder no longer exists on the server. ${aftermath(operation)}` };
    case 'OVERQUOTA':
      return {
        code: 'SERVER_ERROR',
        message:
          `${what} failed: the mailbox is full. Delete some mail or empty the Trash, then try again. ${operation.kind === 'saveDraft' ? aftermath(operation) : ''}`.trim(),
      };
    case 'ALREADYEXISTS':
      return { code: 'SERVER_ERROR', message: `${what} failed: a folder with that name exists already.` };
    case 'NOPERM':
      return { code: 'SERVER_ERROR', message: `${what} failed: the server does not allow it for this account.` };
    default:
      return { code: 'SERVER_ERROR', message: `${what} failed: the server said “${said || 'no'}”. ${aftermath(operation)}` };
  }
}
