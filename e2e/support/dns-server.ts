import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { decode, encode, RECURSION_AVAILABLE, type SrvAnswer } from 'dns-packet';

export interface SrvTarget {
  target: string;
  port: number;
  priority?: number;
  weight?: number;
}

/** A DNS server on loopback UDP that knows only the SRV records it was given. */
export interface LoopbackDns {
  /** `host:port`, as `Resolver#setServers` takes it. */
  address: string;
  /** Every name asked for, in order. */
  questions(): string[];
  close(): Promise<void>;
}

const NXDOMAIN = 3;

/**
 * Answers SRV questions from `records` (name without the trailing dot); any other name is NXDOMAIN.
 * `silent` drops every question unanswered, like a black-holed resolver.
 */
export async function startLoopbackDns(records: Readonly<Record<string, SrvTarget[]>>, options: { silent?: boolean } = {}): Promise<LoopbackDns> {
  const socket = createSocket('udp4');
  const asked: string[] = [];
  socket.on('message', (message, peer) => {
    const query = decode(message);
    const question = query.questions?.[0];
    if (question === undefined) return;
    asked.push(question.name);
    if (options.silent === true) return;
    const known = question.type === 'SRV' ? records[question.name] : undefined;
    const answers: SrvAnswer[] = (known ?? []).map((data) => ({ type: 'SRV', name: question.name, ttl: 60, class: 'IN', data }));
    const reply = encode({
      type: 'response',
      id: query.id,
      flags: RECURSION_AVAILABLE | (records[question.name] === undefined ? NXDOMAIN : 0),
      questions: [question],
      answers,
    });
    socket.send(reply, peer.port, peer.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return {
    address: `127.0.0.1:${String(socket.address().port)}`,
    questions: () => [...asked],
    close: async () => {
      socket.close();
      await once(socket, 'close');
    },
  };
}
