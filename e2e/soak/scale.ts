/**
 * KESTREL_SOAK_SCALE shrinks every count of the soak for a quick run (0.05 runs a twentieth); the default,
 * 1, is what issue 4 asks for. Counts never drop below `minimum`.
 */
export function soakScale(): number {
  const raw = process.env.KESTREL_SOAK_SCALE ?? '1';
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`KESTREL_SOAK_SCALE must be a positive number, got ${JSON.stringify(raw)}`);
  return scale;
}

export function scaled(count: number, minimum = 1): number {
  return Math.max(minimum, Math.round(count * soakScale()));
}
