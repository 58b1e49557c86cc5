import { useCallback, useState } from 'react';
import { z } from 'zod';

/** Widths of the folder and list panes in pixels; the reader takes the rest. */
export interface PaneSizes {
  folders: number;
  list: number;
}

export const paneLimits = { folders: { min: 160, max: 420 }, list: { min: 260, max: 760 } } as const;
const DEFAULT_SIZES: PaneSizes = { folders: 240, list: 380 };
const STORAGE_KEY = 'kestrel.panes';
const sizesSchema = z.object({ folders: z.number(), list: z.number() });

function clamp(sizes: PaneSizes): PaneSizes {
  const within = (value: number, { min, max }: { min: number; max: number }): number => Math.round(Math.min(max, Math.max(min, value)));
  return { folders: within(sizes.folders, paneLimits.folders), list: within(sizes.list, paneLimits.list) };
}

function load(): PaneSizes {
  try {
    const parsed = sizesSchema.safeParse(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
    return parsed.success ? clamp(parsed.data) : DEFAULT_SIZES;
  } catch {
    return DEFAULT_SIZES;
  }
}

/** Pane widths the user set by dragging (or with the arrow keys) come back after a restart. */
export function usePaneSizes(): [PaneSizes, (pane: keyof PaneSizes, width: number) => void] {
  const [sizes, setSizes] = useState<PaneSizes>(load);
  const resize = useCallback((pane: keyof PaneSizes, width: number) => {
    setSizes((current) => {
      const next = clamp({ ...current, [pane]: width });
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      } catch {
        // Not remembered, still resized: storage may be full or disabled.
      }
      return next;
    });
  }, []);
  return [sizes, resize];
}
