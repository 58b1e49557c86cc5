import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { DiscoveredSecurity } from '../../../shared/domain/discovery';
import { certificateErrorCodes } from '../../imap/errors';

export interface ProbeTarget {
  host: string;
  port: number;
  security: DiscoveredSecurity;
}

/** 'untrusted-certificate': the server speaks TLS but its certificate did not verify (the user decides later). */
export type ProbeOutcome = 'ok' | 'untrusted-certificate' | 'no';

export type Probe = (target: ProbeTarget, signal: AbortSignal) => Promise<ProbeOutcome>;

/** Where a probe really connects; tests send guessed names to loopback. */
export type ProbeRoute = (host: string, port: number) => { host: string; port: number; servername: string };

export interface ProbeSettings {
  timeoutMs: number;
  route?: ProbeRoute;
}

function outcomeOf(error: unknown): ProbeOutcome {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && certificateErrorCodes.has(error.code)
    ? 'untrusted-certificate'
    : 'no';
}

/**
 * Checks that an IMAP server answers, without signing in: implicit TLS and a greeting, or a greeting,
 * STARTTLS in the capabilities and a successful upgrade. Certificates are verified as for the real
 * connection; a failure of verification is reported, not ignored.
 */
export function createImapProbe({ timeoutMs, route = (host, port) => ({ host, port, servername: host }) }: ProbeSettings): Probe {
  return (target, signal) =>
    new Promise<ProbeOutcome>((resolve) => {
      const destination = route(target.host, target.port);
      const sockets: Socket[] = [];
      const finish = (outcome: ProbeOutcome): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
        // Only the outermost: a TLS socket owns the plain one it upgraded, and destroying both crashes Node.
        sockets.at(-1)?.destroy();
        resolve(outcome);
      };
      const abort = (): void => {
        finish('no');
      };
      const timer = setTimeout(abort, timeoutMs);
      signal.addEventListener('abort', abort);
      if (signal.aborted) {
        abort();
        return;
      }

      const upgrade = (plain: Socket): void => {
        const secure = tlsConnect({ socket: plain, servername: destination.servername });
        sockets.push(secure);
        secure.once('secureConnect', () => {
          finish('ok');
        });
        secure.on('error', (error) => {
          finish(outcomeOf(error));
        });
      };

      if (target.security === 'tls') {
        const socket = tlsConnect({ host: destination.host, port: destination.port, servername: destination.servername });
        sockets.push(socket);
        socket.on('error', (error) => {
          finish(outcomeOf(error));
        });
        socket.once('close', () => {
          finish('no');
        });
        readLines(socket, (line) => {
          finish(/^\* (OK|PREAUTH)\b/i.test(line) ? 'ok' : 'no');
        });
        return;
      }

      const socket = netConnect({ host: destination.host, port: destination.port });
      sockets.push(socket);
      socket.on('error', () => {
        finish('no');
      });
      socket.once('close', () => {
        finish('no');
      });
      let step: 'greeting' | 'capability' | 'starttls' = 'greeting';
      let offersStarttls = false;
      readLines(socket, (line) => {
        if (step === 'greeting') {
          if (!/^\* OK\b/i.test(line)) {
            finish('no');
            return;
          }
          step = 'capability';
          socket.write('k1 CAPABILITY\r\n');
        } else if (step === 'capability') {
          if (/^\* CAPABILITY\b/i.test(line)) offersStarttls = /\bSTARTTLS\b/i.test(line);
          if (!line.startsWith('k1 ')) return;
          if (!offersStarttls) {
            finish('no');
            return;
          }
          step = 'starttls';
          socket.write('k2 STARTTLS\r\n');
        } else if (line.startsWith('k2 ')) {
          if (!/^k2 OK\b/i.test(line)) {
            finish('no');
            return;
          }
          socket.removeAllListeners('data');
          socket.removeAllListeners('close');
          upgrade(socket);
        }
      });
    });
}

/** Calls back once per CRLF line; gives up on a line longer than a greeting could be. */
function readLines(socket: Socket, onLine: (line: string) => void): void {
  let buffered = '';
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    if (buffered.length > 8192) {
      socket.destroy();
      return;
    }
    let end = buffered.indexOf('\r\n');
    while (end !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      onLine(line);
      end = buffered.indexOf('\r\n');
    }
  });
}
