import type { z } from 'zod';
import { readFileIfExists, writeFileAtomic } from './atomic-file';

/**
 * A small JSON document on disk, private to this user (0600), parsed with its schema on every read.
 * Updates are serialized, so two saves in flight never lose each other's change.
 */
export class JsonFile<T> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
  ) {}

  async read(): Promise<T> {
    const raw = await readFileIfExists(this.path);
    return raw === null ? this.empty() : this.schema.parse(JSON.parse(raw.toString('utf8')));
  }

  update(change: (current: T) => T): Promise<void> {
    const next = this.queue.then(async () => {
      await writeFileAtomic(this.path, JSON.stringify(change(await this.read()), null, 2), 0o600);
    });
    // The queue must go on after a failed write; the caller still sees the failure through `next`.
    this.queue = next.catch(() => undefined);
    return next;
  }
}
