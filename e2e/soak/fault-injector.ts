import type { FaultProxy } from '../support/fault-proxy';
import type { Random } from './random';

export type FaultKind = 'cut' | 'cutOpen' | 'blackHole' | 'blackHoleThenDrop' | 'delay' | 'refuse';

const WEIGHTS: Readonly<Record<FaultKind, number>> = {
  cut: 25,
  cutOpen: 20,
  blackHole: 12,
  blackHoleThenDrop: 8,
  delay: 15,
  refuse: 20,
};

/**
 * Misbehaves on the engine's network, one fault at a time, each for a random while: the open connections
 * dropped and the next one cut at a random byte, every open connection cut a random number of bytes on,
 * a black hole (traffic held, then let through or dropped), a delay on every chunk, new connections
 * refused with the open ones dropped. Only faults that hit something count: a cut that never fired
 * (its connection carried too few bytes) does not.
 */
export class FaultInjector {
  readonly injected: Partial<Record<FaultKind, number>> = {};
  private episodes = 0;

  constructor(
    private readonly proxy: FaultProxy,
    private readonly random: Random,
  ) {}

  /** Faults that hit the engine: episodes that found traffic or stopped new connections, and cuts that fired. */
  get total(): number {
    return this.episodes + this.proxy.cutsFired;
  }

  /**
   * Injects one fault and returns once it is over (or, for a cut, armed): `whileOffline` runs while new
   * connections are refused, as a user acting with the network gone.
   */
  async inject(whileOffline: () => Promise<void> = () => Promise.resolve()): Promise<FaultKind> {
    const kind = this.random.weighted(WEIGHTS);
    this.injected[kind] = (this.injected[kind] ?? 0) + 1;
    switch (kind) {
      case 'cut':
        // What is open drops at whatever byte it had reached; the connection that replaces it is cut
        // after a random number of bytes, anywhere from the TLS handshake to the middle of a FETCH.
        if (this.proxy.openConnections > 0) this.episodes += 1;
        this.proxy.cutNextConnectionAfter(this.random.int(0, 4_000));
        this.proxy.dropAll();
        await sleep(this.random.int(50, 250));
        break;
      case 'cutOpen':
        this.proxy.cutOpenConnectionsAfter(this.random.int(0, 1_500));
        await sleep(this.random.int(100, 400));
        break;
      case 'blackHole':
      case 'blackHoleThenDrop':
        this.episodes += 1;
        this.proxy.blackHole(true);
        await sleep(this.random.int(100, 700));
        if (kind === 'blackHoleThenDrop') this.proxy.dropAll();
        this.proxy.blackHole(false);
        break;
      case 'delay':
        this.episodes += 1;
        this.proxy.delay(this.random.int(20, 250));
        await sleep(this.random.int(100, 500));
        this.proxy.delay(0);
        break;
      case 'refuse':
        this.episodes += 1;
        this.proxy.refuseNewConnections(true);
        this.proxy.dropAll();
        await Promise.all([whileOffline(), sleep(this.random.int(100, 600))]);
        this.proxy.refuseNewConnections(false);
        break;
    }
    return kind;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
