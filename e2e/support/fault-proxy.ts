import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * One direction of a proxied connection. Chunks pass straight through unless the proxy holds traffic
 * (a black hole) or delays it; then they wait in order and go out once the fault is lifted.
 */
class Lane {
  private queue: Array<{ chunk: Buffer; readyAt: number }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly proxy: FaultProxy,
    private readonly deliver: (chunk: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.queue.length === 0 && !this.proxy.holding && this.proxy.delayMs === 0) {
      this.deliver(chunk);
      return;
    }
    this.queue.push({ chunk, readyAt: Date.now() + this.proxy.delayMs });
    this.pump();
  }

  pump(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0 && !this.proxy.holding) {
      const head = this.queue[0];
      if (head === undefined) break;
      const wait = head.readyAt - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.pump();
        }, wait);
        return;
      }
      this.queue.shift();
      this.deliver(head.chunk);
    }
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }
}

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes from the server this connection may still pass before it is cut; null: no cut pending. */
  budget: number | null;
  /** The budget ran out: the connection is being cut. */
  cut: boolean;
  lanes: [Lane, Lane];
}

/**
 * A TCP proxy in front of a real server that misbehaves on request: it cuts a connection after a given
 * number of bytes from the server, refuses new connections, black-holes traffic (holds it without
 * closing anything) or delays it. TLS passes through untouched, so certificate checks stay real.
 */
export class FaultProxy {
  private readonly pairs = new Set<Pair>();
  private cutAfter: number | null = null;
  private refusing = false;
  /** Connections accepted so far. */
  connections = 0;
  /** Connections cut by a byte budget (cutNextConnectionAfter, cutOpenConnectionsAfter). */
  cutsFired = 0;
  /** Connections refused while refuseNewConnections was on. */
  refused = 0;
  /** While true, nothing is forwarded in either direction, and nothing is closed either. */
  holding = false;
  /** Added to every chunk's way through, in either direction; order is kept. */
  delayMs = 0;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly port: number,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
    let proxy: FaultProxy | null = null;
    const server = createServer((client) => {
      proxy?.accept(client, targetHost, targetPort);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    proxy = new FaultProxy(server, (server.address() as AddressInfo).port);
    return proxy;
  }

  /** Connections open now. */
  get openConnections(): number {
    return this.pairs.size;
  }

  /** The next connection is cut once the server has sent it this many bytes. */
  cutNextConnectionAfter(bytes: number): void {
    this.cutAfter = bytes;
  }

  /** Every connection open now is cut once the server has sent it this many more bytes. */
  cutOpenConnectionsAfter(bytes: number): void {
    for (const pair of this.pairs) pair.budget = bytes;
  }

  refuseNewConnections(refuse: boolean): void {
    this.refusing = refuse;
  }

  /**
   * Black hole: while on, traffic in both directions (of open and new connections) is held, as on a
   * network that stopped answering; nothing is closed. Off, the held traffic goes on in order, unless
   * the connections were dropped meanwhile.
   */
  blackHole(on: boolean): void {
    this.holding = on;
    if (!on) for (const pair of this.pairs) for (const lane of pair.lanes) lane.pump();
  }

  /** Delays every chunk by this many milliseconds from now on; 0 ends the delay (queued chunks still keep their order). */
  delay(ms: number): void {
    this.delayMs = Math.max(0, ms);
    if (this.delayMs === 0) for (const pair of this.pairs) for (const lane of pair.lanes) lane.pump();
  }

  /** Lifts every fault: no black hole, no delay, no refusals, no cut pending. */
  heal(): void {
    this.cutAfter = null;
    this.refusing = false;
    this.delayMs = 0;
    for (const pair of this.pairs) pair.budget = null;
    this.blackHole(false);
  }

  /** Cuts every open connection, as a network drop would. */
  dropAll(): void {
    for (const pair of this.pairs) {
      for (const lane of pair.lanes) lane.dispose();
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    this.server.close();
    await once(this.server, 'close');
  }

  private accept(client: Socket, host: string, port: number): void {
    if (this.refusing) {
      this.refused += 1;
      client.destroy();
      return;
    }
    this.connections += 1;
    const upstream = createConnection({ host, port });
    const end = (): void => {
      for (const lane of pair.lanes) lane.dispose();
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    const toServer = (chunk: Buffer): void => {
      upstream.write(chunk);
    };
    const toClient = (chunk: Buffer): void => {
      if (pair.budget === null) {
        client.write(chunk);
        return;
      }
      if (chunk.length < pair.budget) {
        pair.budget -= chunk.length;
        client.write(chunk);
        return;
      }
      if (!pair.cut) this.cutsFired += 1;
      pair.cut = true;
      client.write(chunk.subarray(0, pair.budget), end);
    };
    const pair: Pair = { client, upstream, budget: this.cutAfter, cut: false, lanes: [new Lane(this, toServer), new Lane(this, toClient)] };
    this.cutAfter = null;
    this.pairs.add(pair);
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => {
      pair.lanes[0].push(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      pair.lanes[1].push(chunk);
    });
  }
}
