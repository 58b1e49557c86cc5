import { BrowserWindow, Notification } from 'electron';
import type { EngineEvent } from '../../shared/ipc/contract';
import type { Services } from '../services';

/**
 * A desktop notification for new mail in an Inbox; clicking it brings the window forward with the
 * message open. Sender and subject show in the notification only, never in a log.
 */
export function notifyNewMail(event: EngineEvent & { type: 'newMail' }, services: () => Services): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({
    title: event.count === 1 ? event.from || 'New mail' : `${event.count} new messages`,
    body: event.count === 1 ? event.subject || '(no subject)' : `Newest from ${event.from}: ${event.subject}`,
  });
  notification.on('click', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window !== undefined) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    services().broadcast({ type: 'openMessage', accountId: event.accountId, path: event.path, uid: event.uid });
  });
  notification.show();
}
