import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { commandNames, commands } from '../../shared/ipc/contract';
import type { BrowserHost } from './server';
import { startTestHost, type TestHost } from '../../e2e/support/test-host';

interface Reply {
  t: string;
  id?: number;
  result?: { ok: boolean; error?: { code: string } };
}

class HostClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString('utf8')) as Reply;
      if (reply.t === 'result' && reply.id !== undefined) this.waiting.get(reply.id)?.(reply);
    });
  }

  static open(host: BrowserHost, options: { token?: string; origin?: string } = {}): Promise<HostClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ipc?token=${options.token ?? host.token}`, {
      headers: { Origin: options.origin ?? `http://127.0.0.1:${host.port}` },
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        resolve(new HostClient(socket));
      });
      socket.once('error', reject);
    });
  }

  invoke(channel: unknown, input: unknown): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ t: 'invoke', id, channel, input }));
    });
  }
}

const malformedPayloads: unknown[] = [
  null,
  undefined,
  42,
  'accounts',
  [],
  { unexpected: true },
  { accountId: 17 },
  { accountId: '' },
  { accountId: 'x'.repeat(10_000) },
  { accountId: 'a', path: 'INBOX', uidValidity: -1, uid: 1 },
  { accountId: 'a', path: 'INBOX', uidValidity: 1, uid: 1.5 },
  { displayName: 'A', email: 'a@b.c', host: 'h', port: '993', security: 'tls', username: 'u', password: 'p' },
  { __proto__: { accountId: 'a' } },
];

describe('the browser host IPC boundary', () => {
  let testHost: TestHost;
  let host: BrowserHost;

  beforeAll(async () => {
    testHost = await startTestHost();
    host = testHost.host;
  });

  afterAll(() => testHost.stop());

  it.each(commandNames)('answers malformed payloads on %s with BAD_INPUT and keeps serving', async (channel) => {
    const client = await HostClient.open(host);
    for (const payload of malformedPayloads) {
      // `{}` is the whole input of the commands that take none.
      if (commands[channel].input.safeParse({}).success && payload !== null && typeof payload === 'object' && Object.keys(payload).length === 0)
        continue;
      const reply = await client.invoke(channel, payload);
      expect(reply.result, `${channel} with ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    expect((await client.invoke('accounts.list', {})).result).toEqual({ ok: true, value: [] });
    client.socket.close();
  });

  it('answers unknown channels with BAD_INPUT, ignores garbage frames, and survives an oversized frame', async () => {
    const client = await HostClient.open(host);
    expect((await client.invoke('shell.openExternal', 'file:///etc/passwd')).result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect((await client.invoke({ toString: 1 }, {})).result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    client.socket.send('this is not json');
    client.socket.send(JSON.stringify({ t: 'cacheReply', id: 999, result: { ok: true, value: 'unsolicited' } }));
    client.socket.send(Buffer.from([0xff, 0x00, 0x13]));
    expect((await client.invoke('accounts.list', {})).result).toEqual({ ok: true, value: [] });

    const closed = new Promise<number>((resolve) => {
      client.socket.once('close', resolve);
    });
    client.socket.send('x'.repeat(9 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const next = await HostClient.open(host);
    expect((await next.invoke('accounts.list', {})).result).toEqual({ ok: true, value: [] });
    next.socket.close();
  });

  it('refuses connections without the token or from another origin', async () => {
    await expect(HostClient.open(host, { token: 'wrong' })).rejects.toThrow(/403/);
    await expect(HostClient.open(host, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('serves the renderer with a strict content security policy', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });
});
