import { useEffect } from 'react';
import type { MessageCommand } from './MessageToolbar';

/** Runs a command that arrived from outside the window (the application menu) once, after render. */
export function CommandRelay({ command, onCommand }: { command: MessageCommand | null; onCommand: (command: MessageCommand) => void }) {
  useEffect(() => {
    if (command !== null) onCommand(command);
  }, [command, onCommand]);
  return null;
}
