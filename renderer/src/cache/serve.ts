import type { CachePort } from '../../../shared/cache/port';
import type { CacheRequest } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';

/** Answers main's cache requests from the writer; a failed write goes back as an error, not silence. */
export async function serveCacheRequest(writer: CachePort, request: CacheRequest): Promise<Result<unknown>> {
  try {
    switch (request.op) {
      case 'apply':
        await writer.apply(request.delta);
        return { ok: true, value: null };
      case 'folderState':
        return { ok: true, value: await writer.folderState(request.ref) };
      case 'hasBody':
        return { ok: true, value: await writer.hasBody(request.ref) };
      case 'knownUids':
        return { ok: true, value: await writer.knownUids(request.ref, request.fromUid) };
      case 'bodiesWanted':
        return { ok: true, value: await writer.bodiesWanted(request.ref, request.limit) };
      case 'bodyStorage':
        return { ok: true, value: await writer.bodyStorage() };
      case 'pendingOperations':
        return { ok: true, value: await writer.pendingOperations(request.accountId) };
      case 'operationStarted':
        await writer.operationStarted(request.id, request.checkpoint);
        return { ok: true, value: null };
      case 'operationSettled':
        await writer.operationSettled(request.id, request.outcome);
        return { ok: true, value: null };
    }
  } catch (error) {
    const quota = error instanceof Error && error.name === 'QuotaExceededError';
    return {
      ok: false,
      error: {
        code: 'STORAGE_FAILED',
        message: quota
          ? 'The mail cache is full. Free disk space and try again.'
          : 'The mail cache could not be written. Reload the window and try again.',
      },
    };
  }
}
