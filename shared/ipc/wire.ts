import { z } from 'zod';

/** Frames of the browser host's WebSocket. Payloads stay `unknown` here: each side parses its own part. */
export const clientFrameSchema = z.discriminatedUnion('t', [
  // The channel stays unknown here: the dispatcher answers a bad one with BAD_INPUT instead of silence.
  z.object({ t: z.literal('invoke'), id: z.number().int().nonnegative(), channel: z.unknown().optional(), input: z.unknown().optional() }),
  z.object({ t: z.literal('cacheReply'), id: z.number().int().nonnegative(), result: z.unknown() }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ServerFrame =
  { t: 'result'; id: number; result: unknown } | { t: 'event'; event: unknown } | { t: 'cacheRequest'; id: number; request: unknown };
