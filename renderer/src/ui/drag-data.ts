import type { Selection } from '../cache/mail-actions';

/** Messages dragged from the list onto a folder travel as this type, inside this window only. */
export const MESSAGE_DRAG_TYPE = 'application/x-kestrel-messages';

export function readDraggedMessages(data: string): Selection | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return null;
    const { accountId, path, uids } = value as Record<string, unknown>;
    if (typeof accountId !== 'string' || typeof path !== 'string' || !Array.isArray(uids)) return null;
    const numbers = uids.filter((uid): uid is number => typeof uid === 'number' && Number.isInteger(uid) && uid !== 0);
    return numbers.length === 0 ? null : { accountId, path, uids: numbers };
  } catch {
    return null;
  }
}
