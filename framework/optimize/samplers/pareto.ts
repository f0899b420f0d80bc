/**
 * Pareto tools for multi-objective losses, all objectives minimized: domination, Deb's fast
 * non-dominated sort, crowding distance, and the 2-objective hypervolume (used to judge a
 * front: the area it dominates up to a reference point).
 */

/** a dominates b: no worse in every objective and better in at least one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) better = true;
  }
  return better;
}

/** Indices grouped into fronts: front 0 is non-dominated, front 1 is non-dominated once front 0 is removed, ... Each front in index order. */
export function nonDominatedSort(values: readonly (readonly number[])[]): number[][] {
  const n = values.length;
  const dominatedBy = new Int32Array(n);
  const dominatesList: number[][] = Array.from({ length: n }, () => []);
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (dominates(values[p]!, values[q]!)) {
        dominatesList[p]!.push(q);
        dominatedBy[q]!++;
      } else if (dominates(values[q]!, values[p]!)) {
        dominatesList[q]!.push(p);
        dominatedBy[p]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) current.push(i);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const p of current) {
      for (const q of dominatesList[p]!) {
        if (--dominatedBy[q]! === 0) next.push(q);
      }
    }
    next.sort((a, b) => a - b);
    current = next;
  }
  return fronts;
}

/**
 * Crowding distance of each member of `front` (indices into `values`), in front order:
 * Infinity at the extremes of each objective, else the sum over objectives of the
 * normalized gap between the two neighbours. Objectives of zero spread are skipped.
 */
export function crowdingDistance(values: readonly (readonly number[])[], front: readonly number[]): Float64Array {
  const m = front.length;
  const dist = new Float64Array(m);
  if (m === 0) return dist;
  const nObj = values[front[0]!]!.length;
  const order = Array.from({ length: m }, (_, i) => i);
  for (let o = 0; o < nObj; o++) {
    order.sort((a, b) => values[front[a]!]![o]! - values[front[b]!]![o]! || a - b);
    const lo = values[front[order[0]!]!]![o]!;
    const hi = values[front[order[m - 1]!]!]![o]!;
    const width = hi - lo;
    if (!(width > 0) || !Number.isFinite(width)) continue;
    dist[order[0]!] = Infinity;
    dist[order[m - 1]!] = Infinity;
    for (let j = 1; j < m - 1; j++) {
      dist[order[j]!]! += (values[front[order[j + 1]!]!]![o]! - values[front[order[j - 1]!]!]![o]!) / width;
    }
  }
  return dist;
}

/** Indices of the non-dominated points (the Pareto front), in index order. */
export function paretoFront(values: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    let dominated = false;
    for (let j = 0; j < values.length && !dominated; j++) if (j !== i && dominates(values[j]!, values[i]!)) dominated = true;
    if (!dominated) out.push(i);
  }
  return out;
}

/** Area dominated by 2-objective points and bounded by `ref` (points beyond ref add nothing). */
export function hypervolume2d(points: readonly (readonly number[])[], ref: readonly [number, number]): number {
  const inside = points.filter((p) => p[0]! < ref[0] && p[1]! < ref[1]).map((p) => [p[0]!, p[1]!] as const);
  inside.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let bestY = ref[1];
  for (const [x, y] of inside) {
    if (y < bestY) {
      area += (ref[0] - x) * (bestY - y);
      bestY = y;
    }
  }
  return area;
}
