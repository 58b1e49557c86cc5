import type { MailOperation } from '../../shared/domain/operation';
import type { AppError } from '../../shared/ipc/result';
import { isMissingMailbox } from '../imap/mailbox';
import { ImapRefusal, imapRefusalOf } from '../imap/message-commands';

/**
 * Response codes (RFC 5530, RFC 4315 TRYCREATE) that say the change can never succeed as it is: the
 * folder is gone or exists, the account may not, the mailbox is full, the server cannot do it. Such a
 * change is undone and explained at once.
 */
const FINAL_CODES = new Set([
  'TRYCREATE',
  'NONEXISTENT',
  'ALREADYEXISTS',
  'NOPERM',
  'OVERQUOTA',
  'CANNOT',
  'CLIENTBUG',
  'PRIVACYREQUIRED',
  'CONTACTADMIN',
  'EXPIRED',
]);

/**
 * What a failed change's error means:
 * - `refused`: for good (a final code, or a check of the engine's own): the change is undone;
 * - `retry`: the server refused with no final reason (busy, throttled, "System Error", a BAD under load):
 *   tried again later, within the patience RepeatedRefusals keeps;
 * - `stop`: no answer at all (the connection dropped): the replay stops and waits for the network.
 */
export type FailureVerdict = { kind: 'refused'; error: AppError } | { kind: 'retry'; refusal: ImapRefusal } | { kind: 'stop' };

export function judgeFailure(error: unknown, operation: MailOperation): FailureVerdict {
  if (error instanceof OperationRefused) return { kind: 'refused', error: error.appError };
  if (isMissingMailbox(error)) {
    return { kind: 'refused', error: describeRefusal(new ImapRefusal('NO', 'NONEXISTENT', ''), operation) };
  }
  const refusal = imapRefusalOf(error);
  if (refusal === null) return { kind: 'stop' };
  return refusal.code !== null && FINAL_CODES.has(refusal.code)
    ? { kind: 'refused', error: describeRefusal(refusal, operation) }
    : { kind: 'retry', refusal };
}

/** The user's change, refused again and again for no final reason: given up, with the server's words. */
export function describeRepeatedRefusal(refusal: ImapRefusal, operation: MailOperation): AppError {
  const said = refusal.text.slice(0, 200);
  return {
    code: 'SERVER_ERROR',
    message: `${subject(operation)} failed: the server kept refusing it${said === '' ? '' : ` (“${said}”)`}. ${aftermath(operation)}`,
  };
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
