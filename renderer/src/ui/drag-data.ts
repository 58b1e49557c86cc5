import type { MessageKey } from './message-key';

/** Messages dragged from the list onto a folder travel as this type, inside this window only. */
export const MESSAGE_DRAG_TYPE = 'application/x-kestrel-messages';

/** What was dropped, checked: anything else on the clipboard of a drag is not ours and is ignored. */
export function readDraggedMessages(data: string): MessageKey[] {
  try {
    const value: unknown = JSON.parse(data);
    if (!Array.isArray(value)) return [];
    return value.flatMap((item: unknown) => {
      if (typeof item !== 'object' || item === null) return [];
      const { accountId, path, uid } = item as Record<string, unknown>;
      return typeof accountId === 'string' && typeof path === 'string' && typeof uid === 'number' && Number.isInteger(uid) && uid !== 0
        ? [{ accountId, path, uid }]
        : [];
    });
  } catch {
    return [];
  }
}
