import { afterAll } from 'vitest';
import { findInText, testSecrets, type Finding } from './secret-scan';

/**
 * Runs in every test file: whatever main logs (stderr) or prints is checked for the passwords of the
 * test users made so far, so a leak fails the file that caused it rather than going unseen.
 */
const leaks: Finding[] = [];

function guard(stream: NodeJS.WriteStream, name: string): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = (chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      for (const secret of testSecrets()) leaks.push(...findInText(name, text, secret));
    }
    return write(chunk, ...rest);
  };
}

guard(process.stderr, 'stderr (the log)');
guard(process.stdout, 'stdout');

afterAll(() => {
  if (leaks.length > 0) throw new Error(`A test password reached the output: ${JSON.stringify(leaks)}`);
});
