import { useCallback, useEffect, useMemo, useState } from 'react';
import type { KestrelApi } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import type { MailCache } from '../cache/db';
import { MailActions } from '../cache/mail-actions';

/** A short message after an action: what happened, and Undo where it can be taken back. */
export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
  undo?: () => void;
}

/** How long a toast (and its Undo button) stays. */
const TOAST_MS = 8000;

export interface MailActionRunner {
  actions: MailActions;
  toast: Toast | null;
  dismissToast: () => void;
  /** Runs an action on the cache, then asks the engine to send it; a refusal shows as a toast. */
  run: (accountId: string, work: (actions: MailActions) => Promise<unknown>) => Promise<void>;
  /** The same, for a move or delete: the toast offers Undo (and Ctrl/Cmd+Z takes it). */
  runUndoable: (accountId: string, text: string, work: (actions: MailActions) => Promise<number | null>) => Promise<void>;
  /** Shows a toast of the caller's own: an outcome, or a problem the user should know of. */
  notify: (text: string, tone: Toast['tone']) => void;
}

let nextToastId = 1;

export function useMailActions(api: KestrelApi, db: MailCache): MailActionRunner {
  const actions = useMemo(() => new MailActions(db), [db]);
  const [toast, setToast] = useState<Toast | null>(null);

  useEffect(() => {
    if (toast === null) return;
    const timer = setTimeout(() => {
      setToast((current) => (current?.id === toast.id ? null : current));
    }, TOAST_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [toast]);

  const perform = useCallback(
    async <T>(accountId: string, work: (actions: MailActions) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> => {
      try {
        const value = await work(actions);
        // Offline, the change waits in the queue; the status bar counts it. Nothing to show here.
        void api.invoke('operations.replay', { accountId });
        return { ok: true, value };
      } catch (error) {
        const text =
          error instanceof AppFailure ? error.message : 'That did not work: the mail cache could not be written. Reload the window and try again.';
        setToast({ id: nextToastId++, text, tone: 'error' });
        return { ok: false };
      }
    },
    [actions, api],
  );

  const notify = useCallback((text: string, tone: Toast['tone']) => {
    setToast({ id: nextToastId++, text, tone });
  }, []);

  const run = useCallback(
    async (accountId: string, work: (actions: MailActions) => Promise<unknown>) => {
      await perform(accountId, work);
    },
    [perform],
  );

  const runUndoable = useCallback(
    async (accountId: string, text: string, work: (actions: MailActions) => Promise<number | null>) => {
      const result = await perform(accountId, work);
      if (!result.ok || result.value === null) return;
      const operationId = result.value;
      setToast({
        id: nextToastId++,
        text,
        tone: 'info',
        undo: () => {
          setToast(null);
          void perform(accountId, (mail) => mail.undoMove(operationId));
        },
      });
    },
    [perform],
  );

  return {
    actions,
    toast,
    dismissToast: () => {
      setToast(null);
    },
    run,
    runUndoable,
    notify,
  };
}
