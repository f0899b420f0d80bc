import { UsageError } from '../../../core/errors.ts';
import { gridCount, snapNumeric, type Dimension, type IntDimension, type FloatDimension, type Point } from '../../spaces/dimensions.ts';
import { BatchedSampler, type Observation, type SamplerBaseOptions } from '../batched.ts';
import { crowdingDistance, nonDominatedSort } from '../pareto.ts';
import { SALT, trialRng, type Rng } from '../rng.ts';
import { sampleUniformPoint } from '../uniform.ts';
import { polynomialMutation, sbxGene } from './operators.ts';

/**
 * NSGA-II (Deb et al. 2002) for losses with several objectives (it works with one too).
 *
 * Generations are the batches of the determinism rule: generation g is trials
 * [g·P, (g+1)·P) with P = `populationSize`. Generation 0 is uniform random. When generation g
 * starts, its parent population is chosen as Optuna does: the elite of (generation g-1 +
 * the parents of g-1), i.e. whole non-dominated fronts in order, the last front that does not
 * fit cut by crowding distance (most isolated first). Each child then:
 *   - picks two parents by binary tournament (lower front wins, then larger crowding distance);
 *   - with probability `crossoverProb` (0.9) crosses them: SBX on numeric genes (eta 20 with
 *     several objectives, 2 with one, Optuna's choice), uniform crossover on categorical ones
 *     (each gene from the second parent with probability `swappingProb`, 0.5); otherwise it
 *     copies the first parent;
 *   - mutates each gene with probability `mutationProb` (default 1/number of genes):
 *     polynomial mutation on numeric genes (eta 20), a random other choice on categorical ones.
 * Numeric genes are crossed and mutated on [0, 1] (the range mapped linearly) and snapped back
 * to the dimension's grid; a discrete gene whose mutation rounds back to its old value moves
 * one step instead, so a mutation always changes something.
 *
 * (Optuna's NSGAIISampler defaults to uniform crossover and random-reset mutation; SBX with
 * polynomial mutation is Deb's original and converges much faster on continuous fronts.)
 */

export interface Nsga2Options extends SamplerBaseOptions {
  /** Individuals per generation (default 30, Freqtrade's population for its NSGA samplers). */
  populationSize?: number;
  crossoverProb?: number;
  swappingProb?: number;
  /** Per-gene mutation probability; default 1 / number of dimensions. */
  mutationProb?: number;
  /** SBX distribution index; default 20 with several objectives, 2 with one. */
  crossoverEta?: number;
  /** Polynomial mutation distribution index (default 20). */
  mutationEta?: number;
}

export const DEFAULT_POPULATION_SIZE = 30;

interface Parents {
  members: Observation[];
  rank: Int32Array;
  crowding: Float64Array;
}

export class Nsga2Sampler extends BatchedSampler {
  readonly name = 'nsga2' as const;
  private readonly crossoverProb: number;
  private readonly swappingProb: number;
  private readonly mutationProb: number;
  private readonly crossoverEta: number;
  private readonly mutationEta: number;
  private parents: Observation[] = [];
  private current: Parents | null = null;

  constructor(dims: readonly Dimension[], opts: Nsga2Options) {
    const population = opts.populationSize ?? DEFAULT_POPULATION_SIZE;
    if (!Number.isInteger(population) || population < 2) throw new UsageError(`nsga2: population size must be a whole number >= 2, got ${population}`);
    super(dims, opts, population);
    this.crossoverProb = opts.crossoverProb ?? 0.9;
    this.swappingProb = opts.swappingProb ?? 0.5;
    this.mutationProb = opts.mutationProb ?? 1 / Math.max(1, dims.length);
    this.crossoverEta = opts.crossoverEta ?? (this.objectives > 1 ? 20 : 2);
    this.mutationEta = opts.mutationEta ?? 20;
    for (const [k, v] of [
      ['crossover_prob', this.crossoverProb],
      ['swapping_prob', this.swappingProb],
      ['mutation_prob', this.mutationProb],
    ] as const) {
      if (!(v >= 0 && v <= 1)) throw new UsageError(`nsga2: ${k} must be within [0, 1], got ${v}`);
    }
  }

  get populationSize(): number {
    return this.batchSize;
  }

  protected override onBatchStart(batch: number, batchStart: number): void {
    if (batch === 0) return;
    const previous = this.observations(batchStart).filter((o) => o.number >= batchStart - this.batchSize);
    this.parents = selectElite([...previous, ...this.parents], this.batchSize);
    this.current = this.parents.length > 0 ? rankPopulation(this.parents) : null;
  }

  protected propose(k: number): Point {
    if (this.current === null) return sampleUniformPoint(this.dims, trialRng(this.seed, SALT.random, k));
    const rng = trialRng(this.seed, SALT.nsga2, k);
    const pop = this.current;
    const p1 = tournament(rng, pop);
    let p2 = tournament(rng, pop);
    for (let tries = 0; tries < 3 && p2 === p1 && pop.members.length > 1; tries++) p2 = tournament(rng, pop);
    const a = pop.members[p1]!.params;
    const b = pop.members[p2]!.params;
    const cross = rng.float() < this.crossoverProb;
    const child: Point = {};
    for (const d of this.dims) {
      const x1 = a[d.name]!;
      const x2 = b[d.name]!;
      if (d.kind === 'categorical') {
        let v = cross && rng.float() < this.swappingProb ? x2 : x1;
        if (d.choices.length > 1 && rng.float() < this.mutationProb) {
          const others = d.choices.filter((c) => c !== v);
          v = others[rng.int(others.length)]!;
        }
        child[d.name] = v;
        continue;
      }
      if (isConstant(d)) {
        child[d.name] = d.low;
        continue;
      }
      const y1 = normalize(d, x1 as number);
      let y = cross ? sbxGene(rng, y1, normalize(d, x2 as number), this.crossoverEta) : y1;
      let value = snapNumeric(d, denormalize(d, y));
      if (rng.float() < this.mutationProb) {
        y = polynomialMutation(rng, normalize(d, value), this.mutationEta);
        const mutated = snapNumeric(d, denormalize(d, y));
        value = mutated === value && d.step !== null ? stepAway(rng, d, value) : mutated;
      }
      child[d.name] = value;
    }
    return child;
  }
}

function isConstant(d: IntDimension | FloatDimension): boolean {
  return d.low === d.high || gridCount(d) === 1;
}

function normalize(d: IntDimension | FloatDimension, x: number): number {
  return (x - d.low) / (d.high - d.low);
}

function denormalize(d: IntDimension | FloatDimension, y: number): number {
  return d.low + y * (d.high - d.low);
}

/** One grid step up or down (whichever stays in range; random when both do). */
function stepAway(rng: Rng, d: IntDimension | FloatDimension, v: number): number {
  const step = d.step!;
  const up = v + step <= d.high + 1e-12;
  const down = v - step >= d.low - 1e-12;
  const dir = up && down ? (rng.float() < 0.5 ? 1 : -1) : up ? 1 : -1;
  return snapNumeric(d, v + dir * step);
}

/** Front index and crowding distance of each member (for the tournament). */
function rankPopulation(members: Observation[]): Parents {
  const values = members.map((m) => m.values);
  const rank = new Int32Array(members.length);
  const crowding = new Float64Array(members.length);
  nonDominatedSort(values).forEach((front, r) => {
    const dist = crowdingDistance(values, front);
    front.forEach((idx, j) => {
      rank[idx] = r;
      crowding[idx] = dist[j]!;
    });
  });
  return { members, rank, crowding };
}

/** Binary tournament with Deb's crowded comparison: lower front, then larger crowding distance, then the first drawn. */
function tournament(rng: Rng, pop: Parents): number {
  const n = pop.members.length;
  const i = rng.int(n);
  const j = rng.int(n);
  if (pop.rank[i]! !== pop.rank[j]!) return pop.rank[i]! < pop.rank[j]! ? i : j;
  return pop.crowding[j]! > pop.crowding[i]! ? j : i;
}

/**
 * Optuna's _select_elite_population: whole fronts while they fit, then the most isolated
 * members of the next front (crowding distance descending, ties by trial number).
 */
export function selectElite(population: readonly Observation[], size: number): Observation[] {
  // A trial can reach here twice (as a parent and as a member of the previous generation) only if numbers repeat: keep one.
  const unique = [...new Map(population.map((o) => [o.number, o])).values()].sort((a, b) => a.number - b.number);
  const values = unique.map((o) => o.values);
  const elite: Observation[] = [];
  for (const front of nonDominatedSort(values)) {
    if (elite.length + front.length <= size) {
      for (const i of front) elite.push(unique[i]!);
      if (elite.length === size) break;
      continue;
    }
    const dist = crowdingDistance(values, front);
    const order = front.map((_, j) => j).sort((a, b) => dist[b]! - dist[a]! || unique[front[a]!]!.number - unique[front[b]!]!.number);
    for (const j of order.slice(0, size - elite.length)) elite.push(unique[front[j]!]!);
    break;
  }
  return elite;
}

