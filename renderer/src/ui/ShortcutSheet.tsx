import { ModalDialog } from './Dialog';

export const SHORTCUTS: ReadonlyArray<[keys: string, what: string]> = [
  ['j or ↓', 'Next message'],
  ['k or ↑', 'Previous message'],
  ['Enter', 'Open the message'],
  ['u', 'Mark read or unread'],
  ['s', 'Star or unstar'],
  ['e', 'Archive'],
  ['Delete or #', 'Delete'],
  ['v', 'Move to a folder'],
  ['g then i', 'Go to the Inbox'],
  ['c', 'Write a new message (saved to Drafts)'],
  ['Ctrl/Cmd+Z', 'Undo the last move or delete'],
  ['Shift/Ctrl/Cmd+click', 'Select several messages'],
  ['?', 'This list'],
];

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  return (
    <ModalDialog label="Keyboard shortcuts" onCancel={onClose}>
      <h2>Keyboard shortcuts</h2>
      <dl className="shortcuts">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog-buttons">
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
