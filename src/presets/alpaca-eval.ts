import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GamedRows } from '../stats/length-controlled.js';

/**
 * The AlpacaEval 2.0 preset's package data: the per-instruction difficulty (805 values, by row position)
 * and the gamed-baseline regularisation rows the length-controlled GLM adds to every fit. Loaded lazily,
 * once. Source: tatsu-lab/alpaca_eval (CC BY-NC 4.0 data); see data/alpacaeval/README.md.
 */
export const ALPACA_EVAL_BASELINE = 'gpt4_1106_preview';

/** Annotator name of AlpacaEval 2.0's default (log-prob weighted GPT-4-Turbo) judge. */
export const ALPACA_EVAL_ANNOTATOR = 'weighted_alpaca_eval_gpt4_turbo';

let difficultyCache: Float64Array | undefined;
let gamedCache: GamedRows | undefined;

function readData<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../data/alpacaeval/${name}`, import.meta.url), 'utf8')) as T;
}

/** Instruction difficulty dᵢ by row position 0..804. */
export function alpacaEvalDifficulty(): Float64Array {
  difficultyCache ??= Float64Array.from(readData<{ difficulty: number[] }>('difficulty.json').difficulty);
  return difficultyCache;
}

/** The 1,610 gamed-baseline rows (verbose and concise baselines) with u = tanh(std_delta_len). */
export function alpacaEvalGamedRows(): GamedRows {
  if (!gamedCache) {
    const raw = readData<{ index: number[]; std_delta_len: number[]; difficulty: number[]; p: number[] }>(
      'gamed-rows.json',
    );
    gamedCache = {
      u: Float64Array.from(raw.std_delta_len, (v) => Math.tanh(v)),
      difficulty: Float64Array.from(raw.difficulty),
      p: Float64Array.from(raw.p),
      group: Int32Array.from(raw.index),
    };
  }
  return gamedCache;
}

let instructionCache: Set<string> | undefined;

/**
 * Whether a set of instructions is AlpacaEval's evaluation set (at least 95% of them among its 805
 * instructions): only then do its instruction difficulties and gamed rows belong in a length-controlled fit.
 */
export function isAlpacaEvalSet(instructions: Iterable<string>): boolean {
  instructionCache ??= new Set(readData<{ sha256_16: string[] }>('instructions.json').sha256_16);
  let n = 0;
  let hits = 0;
  for (const text of instructions) {
    n++;
    if (instructionCache.has(createHash('sha256').update(text).digest('hex').slice(0, 16))) hits++;
  }
  return n > 0 && hits >= 0.95 * n;
}
