import type { CommandInput, CommandName } from '../../shared/ipc/contract';
import { commandNames } from '../../shared/ipc/contract';
import { emptyQuery } from '../../shared/search/query';
import { mulberry32 } from './seeded-random';

/** An account no store holds: every call that names it ends in NOT_FOUND, never on the network. */
export const UNKNOWN_ACCOUNT = 'no-such-account';

const ref = { accountId: UNKNOWN_ACCOUNT, path: 'INBOX', uidValidity: 1, uid: 1 };

/**
 * An account's settings, as adding, editing and OAuth sign-up take them. Port 1 on loopback refuses at
 * once: a mutation the schema accepts never waits on the network.
 */
const accountFields = { displayName: 'A', email: 'a@kestrel.test', host: '127.0.0.1', port: 1, security: 'tls', username: 'u' } as const;

/**
 * One well-formed input per channel, the seed every mutation starts from. The mapped type makes a new
 * channel without a sample a compile error, so the fuzzer covers it from the day it exists.
 */
export const validSamples: { [C in CommandName]: CommandInput<C> } = {
  'accounts.list': {},
  'accounts.add': { ...accountFields, password: 'p' },
  'accounts.updatePassword': { accountId: UNKNOWN_ACCOUNT, password: 'p' },
  'accounts.update': { ...accountFields, accountId: UNKNOWN_ACCOUNT },
  // A provider in the built-in table: found without a network lookup, however often the fuzzer asks.
  'accounts.discover': { email: 'a@gmail.com' },
  // Without a client id configured (the fuzzer sets none) a sign-in is refused before any listener opens.
  'accounts.oauthProviders': {},
  'accounts.beginOAuthSignIn': { provider: 'google' },
  'accounts.cancelOAuthSignIn': { signInId: 'no-such-sign-in' },
  'accounts.addWithOAuth': { ...accountFields, signInId: 'no-such-sign-in' },
  'accounts.renewOAuthSignIn': { accountId: UNKNOWN_ACCOUNT, signInId: 'no-such-sign-in' },
  'accounts.trustCertificate': { accountId: UNKNOWN_ACCOUNT, sha256: Array.from({ length: 32 }, () => 'AB').join(':') },
  'app.setUnreadCount': { count: 1 },
  'app.takeMailtoLink': {},
  'app.secretStorage': {},
  'accounts.remove': { accountId: UNKNOWN_ACCOUNT },
  'sync.account': { accountId: UNKNOWN_ACCOUNT },
  'folders.setKeepOffline': { accountId: UNKNOWN_ACCOUNT, path: 'INBOX', keepOffline: true },
  'sync.watchFolder': { accountId: UNKNOWN_ACCOUNT, path: 'INBOX' },
  'operations.replay': { accountId: UNKNOWN_ACCOUNT },
  'messages.fetchBody': ref,
  'messages.fetchInlineImages': ref,
  'search.server': {
    accountId: UNKNOWN_ACCOUNT,
    paths: ['INBOX'],
    query: { ...emptyQuery(), words: ['x'] },
  },
  'messages.openAttachment': { ...ref, part: '2', filename: 'a.pdf' },
  'messages.saveAttachment': { ...ref, part: '2', filename: 'a.pdf' },
};

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

/**
 * Values a hostile window could put anywhere in a payload. Only what Electron's structured clone can
 * carry (no functions, getters or proxies: those never reach main).
 */
export const hostileValues: readonly unknown[] = [
  null,
  undefined,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  2 ** 53,
  -(2 ** 31),
  1e308,
  10n,
  '',
  ' ',
  'x'.repeat(1_000_000),
  '\u0000',
  '\ud800',
  '../../../etc/passwd',
  '__proto__',
  'INBOX\r\nA1 LOGOUT',
  '"; DROP TABLE messages; --',
  '<img src=x onerror=alert(1)>',
  '𝕏'.repeat(10_000),
  [],
  [null],
  Array.from({ length: 100_000 }, () => 'x'),
  {},
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  { constructor: { prototype: { polluted: true } } },
  deep(5_000),
  new Date(0),
  new Map([['accountId', UNKNOWN_ACCOUNT]]),
  new Set([1]),
  new Uint8Array(16),
  /regex/,
];

/** A random value of random shape, a few levels deep, from the hostile values and fresh small ones. */
function randomValue(random: () => number, depth = 0): unknown {
  const roll = random();
  if (depth > 3 || roll < 0.4) return hostileValues[Math.floor(random() * hostileValues.length)];
  if (roll < 0.55) return Math.floor(random() * 2 ** 32) - 2 ** 31;
  if (roll < 0.7) return String.fromCharCode(...Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 0xffff)));
  if (roll < 0.85) return Array.from({ length: Math.floor(random() * 5) }, () => randomValue(random, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, (_, index) => [`k${String(index)}`, randomValue(random, depth + 1)]));
}

/** Every path to a value inside a plain object or array, the way a mutation reaches it. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  return [prefix, ...entries.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

function withValueAt(root: unknown, path: readonly string[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const [key = '', ...rest] = path;
  const copy: Record<string, unknown> = Array.isArray(root)
    ? ([...(root as unknown[])] as unknown as Record<string, unknown>)
    : { ...(root as Record<string, unknown>) };
  if (remove && rest.length === 0) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the key is what the mutation removes
    delete copy[key];
  } else copy[key] = withValueAt(copy[key], rest, value, remove);
  return copy;
}

export interface FuzzCase {
  channel: unknown;
  input: unknown;
  /** How the payload was made, for a failure message that points at it. */
  how: string;
}

/**
 * Malformed and oversized payloads for every channel of the contract: each value of the sample replaced
 * by each hostile value, each key removed, unknown keys added, the whole payload replaced, and random
 * payloads from a fixed seed. Also channels that are not in the contract.
 */
export function fuzzCases(randomPerChannel = 150, seed = 7): FuzzCase[] {
  const random = mulberry32(seed);
  const cases: FuzzCase[] = [];
  for (const channel of commandNames) {
    const sample = validSamples[channel];
    for (const path of paths(sample)) {
      const at = path.length === 0 ? 'the payload' : path.join('.');
      hostileValues.forEach((value, index) =>
        cases.push({ channel, input: withValueAt(sample, path, value), how: `${at} = hostile value #${String(index)}` }),
      );
      if (path.length > 0) cases.push({ channel, input: withValueAt(sample, path, undefined, true), how: `${at} removed` });
    }
    cases.push({ channel, input: { ...sample, extra: 1 }, how: 'an unknown key' });
    cases.push({ channel, input: [sample], how: 'the payload in an array' });
    cases.push({ channel, input: JSON.stringify(sample), how: 'the payload as a JSON string' });
    for (let index = 0; index < randomPerChannel; index++)
      cases.push({ channel, input: randomValue(random), how: `random payload #${String(index)}` });
  }
  const strangers: unknown[] = [
    '',
    'accounts',
    'ACCOUNTS.LIST',
    'accounts.list ',
    'shell.openExternal',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    null,
    7,
    ['accounts.list'],
    { channel: 'accounts.list' },
  ];
  for (const channel of strangers) cases.push({ channel, input: {}, how: `channel ${JSON.stringify(channel)}` });
  return cases;
}
