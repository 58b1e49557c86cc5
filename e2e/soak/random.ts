import { mulberry32 } from '../support/seeded-random';

/**
 * A seeded generator, so that a run that found something can be run again the same way: every scenario
 * prints its seed, and KESTREL_SOAK_SEED sets it. (The engine, the network and Dovecot still time
 * things their own way, so a rerun is close, not identical.)
 */
export class Random {
  private readonly draw: () => number;

  constructor(readonly seed: number) {
    this.draw = mulberry32(seed);
  }

  static fromEnvironment(offset: number): Random {
    const configured = process.env.KESTREL_SOAK_SEED;
    const base = configured === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(configured);
    if (!Number.isInteger(base)) throw new Error(`KESTREL_SOAK_SEED must be an integer, got ${JSON.stringify(configured)}`);
    return new Random(base + offset);
  }

  /** In [0, 1). */
  next(): number {
    return this.draw();
  }

  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick() from an empty list');
    return item;
  }

  /** Up to `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) chosen.push(...pool.splice(Math.floor(this.next() * pool.length), 1));
    return chosen;
  }

  /** One of the keys, with the chances their weights give. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('weighted() with no weights');
    return last[0];
  }
}
