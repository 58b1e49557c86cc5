import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server that misbehaves on request: it cuts a connection after a given
 * number of bytes from the server, or refuses new connections. TLS passes through untouched, so
 * certificate checks stay real.
 */
export class FaultProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private cutAfter: number | null = null;
  private refusing = false;
  /** Connections accepted so far. */
  connections = 0;

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

  /** The next connection is cut once the server has sent it this many bytes. */
  cutNextConnectionAfter(bytes: number): void {
    this.cutAfter = bytes;
  }

  refuseNewConnections(refuse: boolean): void {
    this.refusing = refuse;
  }

  /** Cuts every open connection, as a network drop would. */
  dropAll(): void {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
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
      client.destroy();
      return;
    }
    this.connections += 1;
    const upstream = createConnection({ host, port });
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    let budget = this.cutAfter;
    this.cutAfter = null;
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (budget === null) {
        client.write(chunk);
        return;
      }
      if (chunk.length < budget) {
        budget -= chunk.length;
        client.write(chunk);
        return;
      }
      client.write(chunk.subarray(0, budget), end);
    });
  }
}
