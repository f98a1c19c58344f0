import { quantileSorted } from './descriptive.js';
import { MultinomialSampler } from './resample.js';
import { roundRng } from './bootstrap-task.js';

/** Percentile interval per system from bootstrap samples. */
export interface BootstrapSummary {
  low: Float64Array;
  high: Float64Array;
  /** Median of the bootstrap distribution. */
  median: Float64Array;
  /** The samples, round-major (rounds × systems). */
  samples: Float64Array[];
}

/**
 * Seeded bootstrap of any rating method over n comparisons: each round draws n comparisons with replacement
 * (multinomial multiplicities; `counts` are multiplicities of pre-aggregated rows, default 1), refits with
 * those multiplicities, and records the rating vector. CI = [Q(α/2), Q(1 − α/2)] per system (numpy-linear
 * quantiles), as Chatbot Arena and Arena-Hard report (α = 0.05, 100 rounds).
 */
export function bootstrapRatings(
  n: number,
  fit: (mult: Float64Array) => Float64Array,
  options: { rounds?: number; seed?: number; confidence?: number; counts?: Float64Array } = {},
): BootstrapSummary {
  const rounds = options.rounds ?? 100;
  const seed = options.seed ?? 0;
  const sampler = new MultinomialSampler(options.counts ?? new Float64Array(n).fill(1));
  const mult = new Float64Array(n);
  const samples: Float64Array[] = [];
  // One generator per round, as the worker-thread bootstrap uses: the same seed gives the same rounds either way.
  for (let r = 0; r < rounds; r++) samples.push(fit(sampler.draw(roundRng(seed, r), mult)));
  return summarise(samples, options.confidence ?? 0.95);
}

/** Percentiles of bootstrap samples (round-major) per system. */
export function summarise(samples: Float64Array[], confidence: number): BootstrapSummary {
  const S = samples[0]?.length ?? 0;
  const alpha = 1 - confidence;
  const low = new Float64Array(S);
  const high = new Float64Array(S);
  const median = new Float64Array(S);
  const col = new Float64Array(samples.length);
  for (let s = 0; s < S; s++) {
    for (let r = 0; r < samples.length; r++) col[r] = samples[r][s];
    col.sort();
    low[s] = quantileSorted(col, alpha / 2);
    high[s] = quantileSorted(col, 1 - alpha / 2);
    median[s] = quantileSorted(col, 0.5);
  }
  return { low, high, median, samples };
}
