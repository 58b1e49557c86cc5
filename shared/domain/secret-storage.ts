import { z } from 'zod';
import { appErrorSchema } from '../ipc/result';

/**
 * Where passwords are kept on this computer, for the UI to say so before one is typed: the OS keychain
 * (Electron), or a file only this user may read (browser mode). `problem` says why no password can be
 * saved now (no usable keychain), and what the user can do; null when they can.
 */
export const secretStorageSchema = z
  .object({
    kind: z.enum(['keychain', 'file']),
    problem: appErrorSchema.nullable(),
    /** Something the user should know though passwords can be kept (the file was readable by others). */
    notice: z.string().max(1000).nullable(),
  })
  .strict();
export type SecretStorage = z.infer<typeof secretStorageSchema>;
