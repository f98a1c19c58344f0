import { bradleyTerryFactor, refitBradleyTerry } from './bradley-terry-refit.js';
import { mergeOrientations, pairCells, pairCounts } from './pairwise-data.js';
import type { PairCells, PairCounts, PairwiseData } from './pairwise-data.js';
import { Rng } from './random.js';
import { MultinomialSampler } from './resample.js';
import { multinomialInto } from './multinomial.js';
import { fitStyleBradleyTerry, type StyleFit } from './style-control.js';
import { styleRuns, type StyleRuns } from './style-runs.js';
import { rowTerms, type RowTerms } from './style-control-pass.js';

/** Newton step size below which a style-controlled bootstrap round stops (taking that step). */
export const STYLE_ROUND_TOLERANCE = 1e-3;

/**
 * A bootstrap of a Bradley–Terry fit, as plain typed arrays so that it can be shared with worker threads:
 * the comparisons (or aggregated outcomes with multiplicities `counts`), their pair cells, and the full-data
 * fit used as the warm start of every round.
 */
export type BootstrapTask =
  | {
      kind: 'bt';
      data: PairwiseData;
      cells: PairCells;
      counts?: Float64Array;
      start: Float64Array;
      fixed?: { index: Int32Array; theta: Float64Array };
      ridge?: number;
      /**
       * The counts are already merged across orientations ({@link mergeBootstrapTask}), else each thread merges them.
       */
      merged?: boolean;
    }
  | {
      kind: 'style';
      data: PairwiseData & { features: Float64Array[] };
      cells: PairCells;
      start: StyleFit;
      /**
       * The comparisons grouped by pair, and their terms at `start`, when already made (else each thread makes them).
       */
      runs?: StyleRuns;
      terms?: RowTerms;
    };

/** The generator of round r: seeded from (seed, r), so results do not depend on how rounds are split over threads. */
export function roundRng(seed: number, round: number): Rng {
  return new Rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(round + 1, 0x85ebca6b)) >>> 0);
}

/**
 * Runs the given bootstrap rounds: each resamples the comparisons with replacement (multinomial
 * multiplicities) and refits from the warm start. Returns θ (natural log-odds strengths) per round.
 */
export function runBootstrapRounds(task: BootstrapTask, rounds: number[], seed: number): Float64Array[] {
  const fit = roundFitter(task, seed);
  return rounds.map(fit);
}

/**
 * Takes rounds from a counter shared by the threads (`next[0]`, the next round to run) until `total` are taken,
 * writing each round's θ at `out[r · S]`: a thread that starts late (a worker's start-up) or runs slower takes fewer
 * rounds, and round r's result does not depend on which thread ran it.
 */
export function takeRounds(
  task: BootstrapTask,
  seed: number,
  total: number,
  next: Int32Array,
  out: Float64Array,
): void {
  const S = task.data.nSystems;
  let fit: ((r: number) => Float64Array) | null = null;
  for (let r = Atomics.add(next, 0, 1); r < total; r = Atomics.add(next, 0, 1)) {
    fit ??= roundFitter(task, seed);
    out.set(fit(r), r * S);
  }
}

/**
 * The task with its aggregated outcomes merged across orientations once (mergeOrientations), for every thread to
 * share: the same cells in the same order as each thread would merge them, so the same rounds.
 */
export function mergeBootstrapTask(task: BootstrapTask): BootstrapTask {
  if (task.kind !== 'bt' || !task.counts || task.merged) return task;
  const m = mergeOrientations(task.data, task.counts);
  return { ...task, data: m.data, counts: m.counts, cells: pairCells(m.data), merged: true };
}

/** A function fitting round r of the task (its per-thread state — resampler, grouped rows — built once). */
function roundFitter(task: BootstrapTask, seed: number): (r: number) => Float64Array {
  if (task.kind === 'style') return styleRounds(task, seed);
  const { data, cells, counts } = mergeBootstrapTask(task) as Extract<BootstrapTask, { kind: 'bt' }>;
  const n = data.a.length;
  // Aggregated outcomes: one exact multinomial draw over the cells (time ∝ cells); single comparisons: n uniform draws.
  const sampler = counts ? null : new MultinomialSampler(new Float64Array(n).fill(1));
  const total = counts ? counts.reduce((s, c) => s + c, 0) : n;
  const mult = new Float64Array(n);
  // Every round is refitted with the Hessian of the full-data fit (bradley-terry-refit.ts): factored once per thread.
  const factor = bradleyTerryFactor(pairCounts(data, cells, counts), task.start, {
    ridge: task.ridge,
    fixed: task.fixed,
  });
  const tally = roundTally(data, cells);
  return (r) => {
    if (sampler) sampler.draw(roundRng(seed, r), mult);
    else multinomialInto(roundRng(seed, r), total, counts!, mult);
    return refitBradleyTerry(tally(mult), factor, 1e-8);
  };
}

/**
 * {@link pairCounts} of a round's multiplicities, specialised for the rounds: the weights and win shares per row
 * taken out of the data once, the sums written into the same two arrays every round (the general pairCounts, also
 * called without multiplicities, kept being deoptimised and recompiled here: 37 times in one 100-round bootstrap).
 * The same products in the same order as pairCounts, so the same sums bit for bit.
 */
function roundTally(data: PairwiseData, cells: PairCells): (mult: Float64Array) => PairCounts {
  const n = data.a.length;
  const m = cells.i.length;
  const cell = cells.cellOf;
  const w = data.w;
  const share = new Float64Array(n); // P(the pair's i wins) of each row
  for (let k = 0; k < n; k++) share[k] = cells.aIsI[k] ? data.y[k] : 1 - data.y[k];
  const counts: PairCounts = {
    nSystems: data.nSystems,
    i: cells.i,
    j: cells.j,
    total: new Float64Array(m),
    winsI: new Float64Array(m),
  };
  return (mult) => {
    const { total, winsI } = counts;
    total.fill(0);
    winsI.fill(0);
    for (let k = 0; k < n; k++) {
      const c = cell[k];
      if (c < 0) continue;
      const wk = w[k] * mult[k];
      if (wk === 0) continue;
      total[c] += wk;
      winsI[c] += wk * share[k];
    }
    return counts;
  };
}

/**
 * Style-controlled rounds: the comparisons are grouped by pair once (style-runs.ts) and each round's multiplicities
 * are drawn directly in that order (the comparisons are exchangeable, so this is the same bootstrap). From the
 * full-data fit a round converges in two Newton passes: the second step, below {@link STYLE_ROUND_TOLERANCE}, is
 * taken unevaluated and leaves an error of the order of its square (≈1e-8 in log-odds, 1e-6 Elo).
 */
function styleRounds(task: Extract<BootstrapTask, { kind: 'style' }>, seed: number): (r: number) => Float64Array {
  const runs = task.runs ?? styleRuns(task.data, task.cells);
  const sampler = new MultinomialSampler(new Float64Array(runs.order.length).fill(1));
  const mult = new Float64Array(runs.order.length);
  const startTerms = task.terms ?? styleStartTerms(task, runs); // every round's first pass is at this β
  return (r) => {
    sampler.draw(roundRng(seed, r), mult);
    return fitStyleBradleyTerry(task.data, task.cells, {
      runsMult: mult,
      start: task.start,
      startTerms,
      tolerance: STYLE_ROUND_TOLERANCE,
      runs,
    }).theta;
  };
}

/** The row terms at a style task's warm start (what each round's first pass reuses). */
export function styleStartTerms(task: Extract<BootstrapTask, { kind: 'style' }>, runs: StyleRuns): RowTerms {
  return rowTerms(runs, new Float64Array([...task.start.theta, ...task.start.gamma]), task.data.nSystems);
}
