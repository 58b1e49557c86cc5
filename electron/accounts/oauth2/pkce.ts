import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 7636: the verifier stays in main; only its S256 challenge goes into the authorization URL. */
export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function createPkcePair(): PkcePair {
  // 32 random bytes give a 43-character verifier, the shortest RFC 7636 allows and plenty of entropy.
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The `state` that ties the browser's answer to the request this app made (RFC 6749 section 10.12). */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares a received state with ours without leaking, through timing, how much of it matched. */
export function sameState(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
