/**
 * Structured logs on stderr, one JSON object a line. Context carries ids and counts only: never passwords,
 * tokens or message content. Keys that look secret are dropped anyway, as a second line of defence.
 */
type LogContext = Readonly<Record<string, string | number | boolean | null | undefined>>;
type Level = 'debug' | 'info' | 'warn' | 'error';

const secretKey = /pass|secret|token|auth|body|text|html/i;
const levelRank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const wanted = process.env.KESTREL_LOG_LEVEL;
  return wanted === 'debug' || wanted === 'info' || wanted === 'warn' || wanted === 'error' ? levelRank[wanted] : levelRank.info;
}

function write(level: Level, event: string, context: LogContext): void {
  if (levelRank[level] < threshold()) return;
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    if (!secretKey.test(key)) safe[key] = value;
  }
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...safe })}\n`);
}

export const log = {
  debug: (event: string, context: LogContext = {}): void => {
    write('debug', event, context);
  },
  info: (event: string, context: LogContext = {}): void => {
    write('info', event, context);
  },
  warn: (event: string, context: LogContext = {}): void => {
    write('warn', event, context);
  },
  error: (event: string, context: LogContext = {}): void => {
    write('error', event, context);
  },
};
