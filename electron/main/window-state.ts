import type { BrowserWindow, Rectangle } from 'electron';
import { z } from 'zod';
import { JsonFile } from '../accounts/json-file';

const windowStateSchema = z.object({
  bounds: z.object({ x: z.number(), y: z.number(), width: z.number().min(200), height: z.number().min(200) }).nullable(),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

/** Where the window was and how big, so that it comes back the same after a restart. */
export class WindowStateFile {
  private readonly file: JsonFile<WindowState>;

  constructor(path: string) {
    this.file = new JsonFile(path, windowStateSchema, () => ({ bounds: null, maximized: false }));
  }

  read(): Promise<WindowState> {
    return this.file.read().catch(() => ({ bounds: null, maximized: false }));
  }

  /** Saves the window's state whenever it settles after a move or resize, and when it closes. */
  follow(window: BrowserWindow): void {
    let timer: NodeJS.Timeout | undefined;
    const save = (): void => {
      if (window.isDestroyed()) return;
      const bounds: Rectangle = window.getNormalBounds();
      void this.file.update(() => ({ bounds, maximized: window.isMaximized() })).catch(() => undefined);
    };
    const later = (): void => {
      clearTimeout(timer);
      timer = setTimeout(save, 500);
    };
    window.on('resize', later);
    window.on('move', later);
    window.on('close', () => {
      clearTimeout(timer);
      save();
    });
  }
}
