import type { MailOperation, OperationOutcome, QueuedOperation } from '../../shared/domain/operation';
import { draftMessage } from '../mime/draft-message';
import { destinationUidNext, findLanded, sameMessageElsewhere, type OperationContext } from './message-operations';
import { aftermath } from './refusals';

/** The checkpoint's name for the one message a draft operation appends. */
const DRAFT_REF = 1;

/**
 * Appends a draft to the Drafts folder, exactly once. Its Message-ID was fixed when it was written, and a
 * checkpoint is kept before the first APPEND: a later attempt looks for that Message-ID among the
 * folder's new messages first, so an APPEND whose answer was lost with the connection is not repeated.
 */
export async function performSaveDraft(
  context: OperationContext,
  queued: QueuedOperation,
  operation: MailOperation & { kind: 'saveDraft' },
): Promise<OperationOutcome> {
  const { client, cache } = context;
  const source = draftMessage(operation.draft);
  if (queued.checkpoint !== null) {
    // By its Message-ID, a new one for each draft: servers that report sizes only roughly (Exchange by
    // default) would otherwise hide the saved copy, and the draft would be saved twice.
    const landed = await findLanded(client, operation.path, queued.checkpoint, [DRAFT_REF], sameMessageElsewhere);
    if (landed.size > 0) return { kind: 'done' };
  } else {
    const checkpoint = {
      destinationUidNext: await destinationUidNext(client, operation.path, aftermath(operation)),
      messages: [{ uid: DRAFT_REF, messageId: operation.draft.messageId, size: source.length }],
    };
    await cache.operationStarted(queued.id, checkpoint);
  }
  await client.append(operation.path, source, ['\\Draft', '\\Seen'], new Date(operation.draft.date));
  return { kind: 'done' };
}
