import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import { resolve } from 'node:path';
import type { MenuCommand } from '../../shared/ipc/contract';

/**
 * The usual menus with their usual shortcuts. Message commands show their single-letter keys in the
 * label only: as accelerators they would swallow those letters in every text field.
 */
/**
 * Makes Kestrel the system's handler for mailto: links, or stops it; returns whether it is now. The system
 * starts a packaged app as its own executable; run from the source (`electron .`), Electron needs the
 * app's path as well.
 */
function setMailtoHandler(on: boolean): boolean {
  const script = process.argv[1];
  const fromSource = process.defaultApp && script !== undefined;
  if (on)
    return fromSource ? app.setAsDefaultProtocolClient('mailto', process.execPath, [resolve(script)]) : app.setAsDefaultProtocolClient('mailto');
  return !(fromSource
    ? app.removeAsDefaultProtocolClient('mailto', process.execPath, [resolve(script)])
    : app.removeAsDefaultProtocolClient('mailto'));
}

export function installApplicationMenu(send: (command: MenuCommand) => void): void {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator === undefined ? {} : { accelerator }),
    click: () => {
      send(command);
    },
  });
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        item('New Message\tc', 'compose'),
        { type: 'separator' },
        item('Add Account…', 'addAccount'),
        {
          // Asked, never assumed: the system's choice of mail app is the user's.
          label: 'Use Kestrel for Email Links',
          type: 'checkbox',
          checked: app.isDefaultProtocolClient('mailto'),
          click: (menuItem) => {
            menuItem.checked = setMailtoHandler(menuItem.checked);
          },
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        item('Go to Inbox\tg i', 'goToInbox'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Message',
      submenu: [
        item('Mark as Read or Unread\tu', 'toggleRead'),
        item('Star or Unstar\ts', 'toggleStar'),
        item('Tag…', 'tag'),
        { type: 'separator' },
        item('Archive\te', 'archive'),
        item('Move to Folder…\tv', 'pickFolder'),
        item('Delete\tDel', 'delete'),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [item('Keyboard Shortcuts\t?', 'shortcuts')] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  app.setAboutPanelOptions({ applicationName: 'Kestrel Mail' });
}
