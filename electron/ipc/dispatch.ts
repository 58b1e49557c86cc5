import type { z } from 'zod';
import { commands, isCommandName } from '../../shared/ipc/contract';
import { AppFailure, fail, ok, type Result } from '../../shared/ipc/result';
import { log } from '../log';
import type { CommandHandlers } from './handlers';
import type { WindowSession } from './window-session';

function describeInvalid(error: z.ZodError): { message: string; field: string | undefined } {
  const first = error.issues[0];
  const field = first?.path[0];
  return { message: first?.message ?? 'The request was not understood.', field: typeof field === 'string' ? field : undefined };
}

/**
 * The one door from a window into main: the channel must be in the contract and the payload must parse
 * with its schema before any handler runs. Whatever happens comes back as a Result, never as a throw.
 */
export async function dispatch(handlers: CommandHandlers, channel: unknown, input: unknown, session: WindowSession): Promise<Result<unknown>> {
  if (!isCommandName(channel)) return fail('BAD_INPUT', 'Unknown command.');
  const parsed = commands[channel].input.safeParse(input);
  if (!parsed.success) {
    const { message, field } = describeInvalid(parsed.error);
    return fail('BAD_INPUT', message, field);
  }
  // The mapped type guarantees a handler per channel; TypeScript cannot correlate channel and input here.
  const handler = handlers[channel] as (value: unknown, session: WindowSession) => Promise<unknown>;
  try {
    return ok(await handler(parsed.data, session));
  } catch (error) {
    if (error instanceof AppFailure) return { ok: false, error: error.appError };
    log.error('ipc.handler_failed', { channel, reason: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
    return fail('INTERNAL', 'Something went wrong inside Kestrel. Try again; if it keeps happening, restart the app.');
  }
}
