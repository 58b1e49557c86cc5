import { once } from 'node:events';
import type { AddressInfo, Server, Socket } from 'node:net';

/** A test server listening on loopback; closing it also ends the connections it still has. */
export interface LoopbackListener {
  port: number;
  close: () => Promise<void>;
}

/**
 * Listens on a free loopback port, keeping track of connections so that close() does not wait for
 * clients to hang up. TLS servers (the net.Server base of tls and https) ignore handshakes a client
 * aborts: refusing our test certificate is what some tests are about.
 */
export async function listenOnLoopback(server: Server): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
