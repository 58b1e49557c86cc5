/** One line of `npm run bench`: a figure, with the baseline measured in the same run where there is one. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  /** What the figure counts besides its value, and how it was measured. */
  [detail: string]: string | number | null;
}

export function figure(
  name: string,
  value: number,
  unit: string,
  baseline: number | null = null,
  details: Record<string, string | number> = {},
): Figure {
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    name,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline === null || baseline === 0 ? null : round(value / baseline),
    ...details,
  };
}

export function printFigure(line: Figure): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
