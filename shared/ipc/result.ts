import { z } from 'zod';
import { certificateProblemSchema } from '../domain/certificate';

/** Stable codes the UI switches on; the message says what failed and what the user can do. */
export const errorCodeSchema = z.enum([
  'BAD_INPUT',
  'AUTH_FAILED',
  /** The OAuth2 provider no longer accepts the account's sign-in (refresh refused): sign in in the browser again. */
  'SIGN_IN_AGAIN',
  'HOST_UNREACHABLE',
  'TLS_FAILED',
  /** The server's certificate is not trusted; `certificate` says what it is, and the user may trust it for the account. */
  'CERTIFICATE_UNTRUSTED',
  'STARTTLS_UNAVAILABLE',
  'TIMEOUT',
  'SERVER_ERROR',
  'NOT_FOUND',
  'OFFLINE',
  'CACHE_UNAVAILABLE',
  'STORAGE_FAILED',
  'CANCELLED',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** Form field the error belongs to, when it belongs to one. */
  field: z.string().optional(),
  /** With CERTIFICATE_UNTRUSTED: the certificate the server presented. */
  certificate: certificateProblemSchema.optional(),
});
export type AppError = z.infer<typeof appErrorSchema>;

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, field?: string): Result<T> {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}

/** An error carried by exceptions inside one process; turned into a Result at the IPC edge. */
export class AppFailure extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
    this.name = 'AppFailure';
  }
}

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: appErrorSchema })]);
}
