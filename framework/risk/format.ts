/** Numbers in denial and trip sentences: up to 10 significant digits, no float noise. */
export function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(10))) : String(x);
}

export function pct(x: number): string {
  return `${fmt(x * 100)}%`;
}

/** Relative tolerance of limit comparisons (values computed in floating point). */
export const REL_EPS = 1e-9;

export const DAY_MS = 86_400_000;
