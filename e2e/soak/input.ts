import type { DovecotInfo } from '../support/dovecot';

/** What run.ts hands each measuring process: the two servers it started. */
export interface SoakInput {
  /** QRESYNC, CONDSTORE and MOVE. */
  full: DovecotInfo;
  /** Without CONDSTORE, QRESYNC and MOVE. */
  plain: DovecotInfo;
}

export const SOAK_INPUT_VARIABLE = 'KESTREL_SOAK_INPUT';

export function readSoakInput(): SoakInput {
  const raw = process.env[SOAK_INPUT_VARIABLE];
  if (raw === undefined) throw new Error(`${SOAK_INPUT_VARIABLE} is not set: run the soak with npm run soak`);
  return JSON.parse(raw) as SoakInput;
}

/** Progress for the person watching; stdout carries only the figures. */
export function note(message: string): void {
  process.stderr.write(`[soak] ${message}\n`);
}

/** Promise rejections nobody handled: in the app's main process, each would be a crash. */
export const unhandled = { count: 0, samples: [] as string[] };

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const facts = Object.entries(error)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(' ');
  return `${error.stack ?? error.message}${facts === '' ? '' : `\n    ${facts}`}`;
}

/**
 * Runs a measuring process's work and exits non-zero when it throws. An unhandled rejection is counted
 * and logged instead of ending the process, so that the soak can report it and go on.
 */
export function runMeasure(work: (input: SoakInput) => Promise<void>): void {
  process.on('unhandledRejection', (reason) => {
    unhandled.count += 1;
    const description = describe(reason);
    if (unhandled.samples.length < 5) unhandled.samples.push(description);
    note(`unhandled rejection: ${description}`);
  });
  work(readSoakInput()).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${describe(error)}\n`);
      process.exit(1);
    },
  );
}
