import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Clock ticks per second of /proc/stat's counters (USER_HZ), 100 on every Linux Node runs on. */
const TICKS_PER_SECOND = 100;

export interface CpuSample {
  busyTicks: number;
}

/** The whole machine's busy time so far, every process counted: Dovecot, the host, and Chromium's own. */
export function sampleCpu(): CpuSample {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busyTicks: fields.reduce((sum, value) => sum + value, 0) - idle };
}

export function busySecondsSince(start: CpuSample): number {
  return (sampleCpu().busyTicks - start.busyTicks) / TICKS_PER_SECOND;
}

export const cores = availableParallelism();
