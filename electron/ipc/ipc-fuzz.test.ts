import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import { commands, isCommandName } from '../../shared/ipc/contract';
import { resultSchema, type Result } from '../../shared/ipc/result';
import { z } from 'zod';
import { createUser } from '../../e2e/support/dovecot';
import { createTestEngine, draftFor, expectOk, type TestEngine } from '../../e2e/support/engine-harness';
import { fuzzCases, validSamples, type FuzzCase } from '../../e2e/support/ipc-fuzz';
import type { BrowserHost } from '../host/server';
import { startTestHost, type TestHost } from '../../e2e/support/test-host';

const dovecot = inject('dovecot');
const anyResult = resultSchema(z.unknown());

/** Whether the contract's own schema would let the payload through: only those reach a handler. */
function wellFormed(fuzz: FuzzCase): boolean {
  return isCommandName(fuzz.channel) && commands[fuzz.channel].input.safeParse(fuzz.input).success;
}

/**
 * What a refusal must look like: a Result, not a throw; BAD_INPUT for what the schema refuses; and never
 * INTERNAL, which would mean a handler met something it did not expect.
 */
function judge(fuzz: FuzzCase, result: unknown): string | null {
  const parsed = anyResult.safeParse(result);
  if (!parsed.success) return `${String(fuzz.channel)} (${fuzz.how}): not a Result: ${typeof result}`;
  const answer = parsed.data as Result<unknown>;
  if (!wellFormed(fuzz))
    return answer.ok || answer.error.code !== 'BAD_INPUT' ? `${String(fuzz.channel)} (${fuzz.how}): not refused as BAD_INPUT` : null;
  return !answer.ok && answer.error.code === 'INTERNAL' ? `${String(fuzz.channel)} (${fuzz.how}): INTERNAL ${answer.error.message}` : null;
}

/** A payload the schema accepts for accounts.add would connect somewhere: that is not this test's business. */
const dispatchable = (fuzz: FuzzCase): boolean => !(fuzz.channel === 'accounts.add' && wellFormed(fuzz));

describe('IPC fuzzing: every channel of the contract', () => {
  const cases = fuzzCases();

  it('has a well-formed sample per channel, and thousands of payloads', () => {
    for (const [channel, sample] of Object.entries(validSamples)) {
      expect(isCommandName(channel) && commands[channel].input.safeParse(sample).success, channel).toBe(true);
    }
    expect(cases.length).toBeGreaterThan(3000);
    expect(cases.filter((fuzz) => !wellFormed(fuzz)).length).toBeGreaterThan(3000);
  });

  describe('in main, as the Electron shell dispatches them', () => {
    let engine: TestEngine;
    beforeAll(async () => {
      engine = await createTestEngine();
    });
    afterAll(async () => {
      await engine.dispose();
    });

    it('refuses each with an error value, and then still adds and syncs a real account', async () => {
      const problems: string[] = [];
      for (const fuzz of cases.filter(dispatchable)) {
        const problem = judge(fuzz, await engine.invokeRaw(fuzz.channel, fuzz.input));
        if (problem !== null) problems.push(problem);
      }
      expect(problems).toEqual([]);

      const user = await createUser(dovecot, 'fuzz');
      // Well-formed, but built to smuggle IMAP commands into LOGIN: each is only a wrong password or name.
      for (const draft of [
        draftFor(dovecot, user, { password: `${user.password}"\r\nA1 LOGOUT\r\n` }),
        draftFor(dovecot, user, { password: `x {5}\r\nhello` }),
        draftFor(dovecot, user, { username: `${user.username}" "${user.password}` }),
        draftFor(dovecot, user, { username: `${user.username}\r\nA1 CAPABILITY` }),
      ]) {
        const refused = await engine.invoke('accounts.add', draft);
        expect(refused.ok ? 'added' : refused.error.code, JSON.stringify(draft.username + draft.password)).toBe('AUTH_FAILED');
      }
      const account = expectOk(await engine.invoke('accounts.add', draftFor(dovecot, user)));
      expectOk(await engine.invoke('sync.account', { accountId: account.id }));
      expect(expectOk(await engine.invoke('accounts.list', {}))).toHaveLength(1);
    });
  });

  describe('over the browser host’s WebSocket', () => {
    let testHost: TestHost;
    let host: BrowserHost;

    beforeAll(async () => {
      testHost = await startTestHost();
      host = testHost.host;
    });

    afterAll(() => testHost.stop());

    /** A raw socket: frames go out as given, replies come back by id. */
    function connect(headers: { origin?: string | undefined; token?: string; path?: string } = {}): Promise<WebSocket> {
      const socket = new WebSocket(`ws://127.0.0.1:${String(host.port)}${headers.path ?? '/ipc'}?token=${headers.token ?? host.token}`, {
        headers: headers.origin === undefined ? {} : { Origin: headers.origin },
      });
      // The engine asks the window's cache along the way (an unknown account's sync looks for queued
      // changes first); this window's cache answers that it is unavailable, so every call ends.
      socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString('utf8')) as { t: string; id?: number };
        if (frame.t !== 'cacheRequest') return;
        socket.send(
          JSON.stringify({ t: 'cacheReply', id: frame.id, result: { ok: false, error: { code: 'CACHE_UNAVAILABLE', message: 'No cache here.' } } }),
        );
      });
      return new Promise((resolve, reject) => {
        socket.once('open', () => {
          resolve(socket);
        });
        socket.once('error', reject);
      });
    }

    function call(socket: WebSocket, id: number, frame: string): Promise<unknown> {
      return new Promise((resolve) => {
        const listen = (data: Buffer): void => {
          const reply = JSON.parse(data.toString('utf8')) as { t: string; id?: number; result?: unknown };
          if (reply.t !== 'result' || reply.id !== id) return;
          socket.off('message', listen);
          resolve(reply.result);
        };
        socket.on('message', listen);
        socket.send(frame);
      });
    }

    const origin = (): string => `http://127.0.0.1:${String(host.port)}`;

    it('refuses each with an error value on one connection, which keeps serving', async () => {
      const socket = await connect({ origin: origin() });
      const problems: string[] = [];
      let id = 0;
      for (const fuzz of cases.filter(dispatchable)) {
        let frame: string;
        try {
          frame = JSON.stringify({ t: 'invoke', id: ++id, channel: fuzz.channel, input: fuzz.input });
        } catch {
          continue; // JSON cannot carry a BigInt: no page can send one over this transport.
        }
        // What JSON made of the payload is what the host sees, and what it must judge.
        const sent = JSON.parse(frame) as { channel?: unknown; input?: unknown };
        const problem = judge({ ...fuzz, channel: sent.channel, input: sent.input }, await call(socket, id, frame));
        if (problem !== null) problems.push(problem);
      }
      expect(problems).toEqual([]);
      expect(await call(socket, ++id, JSON.stringify({ t: 'invoke', id, channel: 'accounts.list', input: {} }))).toEqual({ ok: true, value: [] });
      socket.close();
    });

    it('ignores malformed frames and keeps serving the same connection', async () => {
      const socket = await connect({ origin: origin() });
      const frames: Array<string | Buffer> = [
        '',
        'null',
        '[]',
        '{',
        '{"t":"invoke"}',
        '{"t":"invoke","id":-1,"channel":"accounts.list","input":{}}',
        '{"t":"invoke","id":1.5,"channel":"accounts.list","input":{}}',
        '{"t":"invoke","id":"1","channel":"accounts.list","input":{}}',
        `{"t":"invoke","id":${'9'.repeat(400)},"channel":"accounts.list","input":{}}`,
        '{"t":"cacheReply","id":1}',
        '{"t":"cacheReply","id":424242,"result":{"ok":true,"value":null}}',
        '{"t":"event","event":{"type":"menu"}}',
        '{"t":"result","id":1,"result":{}}',
        '{"__proto__":{"t":"invoke"},"id":1}',
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        Buffer.from([0xff, 0xfe, 0x00]),
        Buffer.alloc(1024 * 1024, 0x7b),
      ];
      for (const frame of frames) socket.send(frame);
      expect(await call(socket, 77, JSON.stringify({ t: 'invoke', id: 77, channel: 'accounts.list', input: {} }))).toEqual({ ok: true, value: [] });
      socket.close();
    });

    it('refuses connections that do not come from the app’s own page, and goes on serving it', async () => {
      const port = String(host.port);
      const strangers: Array<{ origin?: string | undefined; token?: string; path?: string }> = [
        { origin: undefined },
        { origin: 'null' },
        { origin: 'file://' },
        { origin: 'http://evil.example' },
        { origin: `http://127.0.0.1:${String(host.port + 1)}` },
        { origin: `https://127.0.0.1:${port}` },
        { origin: `http://127.0.0.1.evil.example:${port}` },
        { origin: `http://127.0.0.1:${port}.evil.example` },
        { origin: origin(), token: '' },
        { origin: origin(), token: host.token.toUpperCase() },
        { origin: origin(), token: host.token.slice(0, -1) },
        { origin: origin(), token: `${host.token}0` },
        { origin: origin(), token: `x&token=${host.token}` },
        { origin: origin(), path: '/IPC' },
        { origin: origin(), path: '/' },
      ];
      const admitted: string[] = [];
      for (const stranger of strangers) {
        await connect(stranger).then(
          (socket) => {
            admitted.push(JSON.stringify(stranger));
            socket.close();
          },
          (error: unknown) => {
            expect(String(error)).toMatch(/403/);
          },
        );
      }
      expect(admitted).toEqual([]);
      const socket = await connect({ origin: origin() });
      expect(await call(socket, 1, JSON.stringify({ t: 'invoke', id: 1, channel: 'accounts.list', input: {} }))).toEqual({ ok: true, value: [] });
      socket.close();
    });
  });
});
