import { z } from 'zod';

/** What the window shows: one folder, or every account's Inbox. */
const viewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), accountId: z.string().min(1), path: z.string().min(1) }),
  z.object({ kind: z.literal('unified') }),
]);
export type View = z.infer<typeof viewSchema>;

const STORAGE_KEY = 'kestrel.view';

/** The folder open when the app was last closed comes back; anything unreadable is forgotten. */
export function loadView(): View | null {
  try {
    const parsed = viewSchema.safeParse(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveView(view: View): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(view));
  } catch {
    // Storage full or disabled: the next start opens the Inbox, which is no loss of mail.
  }
}
