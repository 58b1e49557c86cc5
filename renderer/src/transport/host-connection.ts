/** Whether the window reaches main (always true under Electron; the host may stop in browser mode). */
let connected = true;
const listeners = new Set<() => void>();

export const hostConnection = {
  set: (value: boolean): void => {
    if (value === connected) return;
    connected = value;
    for (const listener of listeners) listener();
  },
  get: (): boolean => connected,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
