import { fitBradleyTerry } from './bradley-terry.js';
import { pairCounts, type PairCells, type PairwiseData } from './pairwise-data.js';
import { Rng } from './random.js';
import { MultinomialSampler } from './resample.js';
import { fitStyleBradleyTerry, type StyleFit } from './style-control.js';

/**
 * A bootstrap of a Bradley–Terry fit, as plain typed arrays so that it can be shared with worker threads:
 * the comparisons (or aggregated outcomes with multiplicities `counts`), their pair cells, and the full-data
 * fit used as the warm start of every round.
 */
export type BootstrapTask =
  | { kind: 'bt'; data: PairwiseData; cells: PairCells; counts?: Float64Array; start: Float64Array; fixed?: { index: Int32Array; theta: Float64Array }; ridge?: number }
  | { kind: 'style'; data: PairwiseData & { features: Float64Array[] }; cells: PairCells; start: StyleFit };

/** The generator of round r: seeded from (seed, r), so results do not depend on how rounds are split over threads. */
export function roundRng(seed: number, round: number): Rng {
  return new Rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(round + 1, 0x85ebca6b)) >>> 0);
}

/**
 * Runs the given bootstrap rounds: each resamples the comparisons with replacement (multinomial
 * multiplicities) and refits from the warm start. Returns θ (natural log-odds strengths) per round.
 */
export function runBootstrapRounds(task: BootstrapTask, rounds: number[], seed: number): Float64Array[] {
  const n = task.data.a.length;
  const sampler = new MultinomialSampler(task.kind === 'bt' && task.counts ? task.counts : new Float64Array(n).fill(1));
  const mult = new Float64Array(n);
  return rounds.map((r) => {
    sampler.draw(roundRng(seed, r), mult);
    if (task.kind === 'bt') return fitBradleyTerry(pairCounts(task.data, task.cells, mult), { start: task.start, tolerance: 1e-8, fixed: task.fixed, ridge: task.ridge });
    return fitStyleBradleyTerry(task.data, task.cells, { mult, start: task.start, tolerance: 1e-6 }).theta;
  });
}
