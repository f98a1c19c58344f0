import { nameList } from '../core/name-list.js';
import { QueryError } from '../core/errors.js';
import { alpacaEvalDifficulty, alpacaEvalGamedRows } from '../presets/alpaca-eval.js';
import { bootstrapMeanInterval } from '../stats/bootstrap.js';
import { bootstrapOrAnalytic, meanProportionInterval, normalInterval, type Interval } from '../stats/intervals.js';
import { LC_MIN_ITEMS, lengthOnlyLcInterval } from '../stats/lc-interval.js';
import {
  lcAgainst,
  lengthControlledWinRate,
  lengthFeature,
  type LcInput,
  type LcResult,
  type LcWeights,
} from '../stats/length-controlled.js';
import { rawWinRate } from '../stats/win-rate.js';
import type { ComparisonTable } from '../store/store.js';
import { PairIndex } from './pair-outcomes.js';
import { defaultBaseline } from './default-baseline.js';

/** One leaderboard row, in AlpacaEval's units (percent). Null where a metric is not defined. */
export interface WinRateRow {
  system: string;
  baseline: string;
  n_total: number;
  n_wins: number;
  n_wins_base: number;
  n_draws: number;
  win_rate: number | null;
  standard_error: number | null;
  /** 95% interval of win_rate (normal, or seeded item bootstrap when requested). */
  ci_low: number | null;
  ci_high: number | null;
  discrete_win_rate: number | null;
  lc_win_rate: number | null;
  lc_standard_error: number | null;
  lc_ci_low: number | null;
  lc_ci_high: number | null;
  /** Mean response length in code points, truncated to an integer as AlpacaEval prints it. */
  avg_length: number | null;
  /**
   * How LC was computed: the AlpacaEval GLM, a length-only GLM (no difficulty data), via the reference baseline, or
   * none.
   */
  lc_method: 'alpaca_eval' | 'length_only' | 'via_reference' | 'self' | null;
  lc_weights: LcWeights | null;
}

/** Options of {@link winRateLeaderboard}. */
export interface WinRateLeaderboardOptions {
  /** Baseline system; defaults to the system compared against the most others. */
  baseline?: string;
  /** Use AlpacaEval's instruction difficulty and gamed rows for LC (default: when the dataset is AlpacaEval's). */
  alpacaEvalLc?: boolean;
  averageLengths?: Map<string, number>;
  /** Seeded item bootstrap of the win-rate CI with this many rounds (0 = normal interval). */
  bootstrap?: number;
  seed?: number;
  /** Receives what a reader should know about the rows (LC not reported and why, small samples). */
  notes?: string[];
  /** LC fits against the baseline computed ahead, by system index ({@link plannedLcFits}). */
  lcFits?: Map<number, LcResult>;
}

/**
 * Win-rate leaderboard against one baseline: AlpacaEval's raw metrics and length-controlled win rate for
 * every system compared with the baseline. LC fits are made against the reference baseline (the most
 * compared system); against another baseline b, LC(m vs b) = 100·mean σ(Δβ_ng + Δβ_diff·dᵢ) (AlpacaEval).
 * Sorted by LC, then win rate.
 */
export function winRateLeaderboard(table: ComparisonTable, options: WinRateLeaderboardOptions = {}): WinRateRow[] {
  const { index, used, reference, baseline } = resolveBaselines(table, options);
  const useAlpaca = options.alpacaEvalLc ?? true;
  const notes = options.notes;
  const fits = new Map<number, LcWeights>();
  type Lc = {
    lc: number;
    se: number;
    ci?: { low: number; high: number };
    weights: LcWeights;
    method: 'alpaca_eval' | 'length_only';
  };
  const fitAgainst = (m: number, b: number): Lc | null => {
    const planned = lcInput(index, m, b, useAlpaca, table.systems);
    if ('skip' in planned) {
      if (planned.skip) notes?.push(planned.skip);
      return null;
    }
    const { input, alpaca } = planned;
    const r = (b === baseline ? options.lcFits?.get(m) : undefined) ?? lengthControlledWinRate(input);
    if (alpaca) return { lc: r.lcWinRate, se: r.lcStandardError, weights: r.weights, method: 'alpaca_eval' };
    // One number σ(β_ng) for every row: AlpacaEval's sd/√n would be 0; the fit's own uncertainty instead.
    const own = lengthOnlyLcInterval(lengthFeature(input.lenModel, input.lenBaseline), input.x, r.weights);
    return { lc: r.lcWinRate, se: own.se, ci: own.interval, weights: r.weights, method: 'length_only' };
  };

  const weightsVsReference = (s: number): LcWeights | undefined => {
    if (s === reference) return { length: 0, difficulty: 0, notGamed: 0 };
    if (!fits.has(s)) {
      const w = fitAgainst(s, reference)?.weights;
      if (w) fits.set(s, w);
    }
    return fits.get(s);
  };
  const rows: WinRateRow[] = [];
  for (const m of [...used].sort((p, q) => p - q)) {
    if (m === baseline) continue;
    const direct = index.outcomes(m, baseline);
    const raw = direct.x.length > 0 ? rawWinRate(direct.x) : null;
    let lc: Lc | null = fitAgainst(m, baseline);
    let method: WinRateRow['lc_method'] = lc?.method ?? null;
    if (!lc && baseline !== reference) {
      const wm = weightsVsReference(m);
      const wb = weightsVsReference(baseline);
      if (wm && wb) {
        const v = lcAgainst(wm, wb, alpacaEvalDifficulty());
        lc = { lc: v.lcWinRate, se: v.lcStandardError, weights: wm, method: 'alpaca_eval' };
        method = 'via_reference';
      }
    }
    if (!raw && !lc) continue;
    const analytic = (): Interval =>
      meanProportionInterval(raw!.win_rate / 100, raw!.standard_error / 100, raw!.n_total);
    const ci =
      raw === null
        ? null
        : options.bootstrap
          ? scale(
              bootstrapOrAnalytic(
                bootstrapMeanInterval(direct.x, { rounds: options.bootstrap, seed: options.seed }),
                analytic,
              ),
            )
          : scale(analytic());
    // LC with AlpacaEval's standard error: Wilson at the effective sample size p(1 − p)/se² (not capped at n: the
    // GLM's se is below the binomial one), which stays in [0, 100] where a normal interval would leave it
    const lcCi = lc
      ? (lc.ci ??
        (lc.se > 0 ? scale(meanProportionInterval(lc.lc / 100, lc.se / 100, Infinity)) : normalInterval(lc.lc, 0)))
      : null;
    if (raw && raw.n_total < SMALL_SAMPLE)
      notes?.push(
        `${table.systems[m]}: ${raw.n_total} items only — its interval is wide and approximate (n < ${SMALL_SAMPLE})`,
      );
    const len = options.averageLengths?.get(table.systems[m]);
    rows.push({
      system: table.systems[m],
      baseline: table.systems[baseline],
      n_total: raw?.n_total ?? 0,
      n_wins: raw?.n_wins ?? 0,
      n_wins_base: raw?.n_wins_base ?? 0,
      n_draws: raw?.n_draws ?? 0,
      win_rate: raw?.win_rate ?? null,
      standard_error: raw?.standard_error ?? null,
      ci_low: ci?.low ?? null,
      ci_high: ci?.high ?? null,
      discrete_win_rate: raw?.discrete_win_rate ?? null,
      lc_win_rate: lc?.lc ?? null,
      lc_standard_error: lc?.se ?? null,
      lc_ci_low: lcCi?.low ?? null,
      lc_ci_high: lcCi?.high ?? null,
      avg_length: len === undefined ? null : Math.trunc(len),
      lc_method: method,
      lc_weights: lc?.weights ?? null,
    });
  }
  rows.push(
    baselineRow(
      index,
      baseline,
      table.systems,
      rows.some((r) => r.lc_win_rate !== null),
      options.averageLengths,
    ),
  );
  return rows.sort(
    (p, q) =>
      (q.lc_win_rate ?? -1) - (p.lc_win_rate ?? -1) ||
      (q.win_rate ?? -1) - (p.win_rate ?? -1) ||
      p.system.localeCompare(q.system),
  );
}

/** Which baselines a win-rate leaderboard uses: the one asked for (or the default) and the reference of LC fits. */
type Baselines = { index: PairIndex; used: Set<number>; reference: number; baseline: number };
/** Per table and asked baseline: planning the LC fits and building the board resolve them once, not twice. */
const resolved = new WeakMap<ComparisonTable, Map<string | undefined, Baselines>>();

function resolveBaselines(table: ComparisonTable, options: WinRateLeaderboardOptions): Baselines {
  let byBaseline = resolved.get(table);
  if (!byBaseline) resolved.set(table, (byBaseline = new Map<string | undefined, Baselines>()));
  let r = byBaseline.get(options.baseline);
  if (!r) byBaseline.set(options.baseline, (r = resolveBaselinesOnce(table, options)));
  return r;
}

function resolveBaselinesOnce(table: ComparisonTable, options: WinRateLeaderboardOptions): Baselines {
  if (table.a.length === 0)
    throw new QueryError('EMPTY_STORE', 'the store has no comparisons: import some first (winrate import ...)');
  const judges = new Set(table.judge);
  if (judges.size > 1) {
    throw new QueryError(
      'AMBIGUOUS_JUDGE',
      `comparisons from several judges (${nameList([...judges].map((j) => table.judges[j]))}): choose one with --judge`,
    );
  }
  const index = PairIndex.of(table);
  const used = new Set<number>([...table.a, ...table.b]);
  const asked = options.baseline === undefined ? -1 : table.systems.indexOf(options.baseline);
  const reference = options.baseline === undefined ? defaultBaseline(table) : safeDefault(table, asked);
  const baseline = options.baseline === undefined ? reference : asked;
  if (baseline < 0 || !used.has(baseline)) {
    throw new QueryError(
      'UNKNOWN_SYSTEM',
      `unknown baseline "${options.baseline}"; systems with comparisons: ${[...used]
        .map((s) => table.systems[s])
        .sort()
        .join(', ')}`,
    );
  }
  return { index, used, reference, baseline };
}

/**
 * The LC fit of m against b: its input, or why there is none (too few items: a note; no lengths: none). AlpacaEval's
 * difficulty and gamed rows are used when asked for and the items fit its instruction set.
 */
function lcInput(
  index: PairIndex,
  m: number,
  b: number,
  useAlpaca: boolean,
  systems: string[],
): { input: LcInput; alpaca: boolean } | { skip: string | null } {
  const o = index.outcomes(m, b);
  if (o.x.length < 2 || o.lenModel.some(Number.isNaN) || o.lenBaseline.some(Number.isNaN)) return { skip: null };
  if (o.x.length < LC_MIN_ITEMS) {
    return {
      skip: `${systems[m]}: LC not reported — ${o.x.length} items against ${systems[b]}, fewer than the ${LC_MIN_ITEMS} a length model needs`,
    };
  }
  const alpaca = useAlpaca && o.x.length <= alpacaEvalDifficulty().length;
  return {
    alpaca,
    input: {
      x: o.x,
      lenModel: o.lenModel,
      lenBaseline: o.lenBaseline,
      difficulty: alpaca ? alpacaEvalDifficulty() : new Float64Array(o.x.length),
      gamed: alpaca ? alpacaEvalGamedRows() : undefined,
    },
  };
}

/**
 * The LC fits {@link winRateLeaderboard} makes against its baseline, by system index: computed ahead (on worker
 * threads, parallel-lc.ts) and handed back as `lcFits`, with results identical to the fits made inline.
 */
export function plannedLcFits(table: ComparisonTable, options: WinRateLeaderboardOptions = {}): Map<number, LcInput> {
  const { index, used, baseline } = resolveBaselines(table, options);
  const out = new Map<number, LcInput>();
  for (const m of used) {
    if (m === baseline) continue;
    const planned = lcInput(index, m, baseline, options.alpacaEvalLc ?? true, table.systems);
    if ('input' in planned) out.set(m, planned.input);
  }
  return out;
}

/**
 * The baseline's own row, as AlpacaEval prints it: 50% by definition (LC too, with zero weights, when the
 * others have LC); the counts are those of its self-comparisons if any were imported (all draws).
 */
function baselineRow(
  index: PairIndex,
  b: number,
  systems: string[],
  withLc: boolean,
  lengths?: Map<string, number>,
): WinRateRow {
  const self = index.outcomes(b, b);
  const raw = self.x.length > 0 ? rawWinRate(self.x) : null;
  const len = lengths?.get(systems[b]);
  return {
    system: systems[b],
    baseline: systems[b],
    n_total: raw?.n_total ?? 0,
    n_wins: raw?.n_wins ?? 0,
    n_wins_base: raw?.n_wins_base ?? 0,
    n_draws: raw?.n_draws ?? 0,
    win_rate: 50,
    standard_error: 0,
    ci_low: 50,
    ci_high: 50,
    discrete_win_rate: 50,
    lc_win_rate: withLc ? 50 : null,
    lc_standard_error: withLc ? 0 : null,
    lc_ci_low: withLc ? 50 : null,
    lc_ci_high: withLc ? 50 : null,
    avg_length: len === undefined ? null : Math.trunc(len),
    lc_method: withLc ? 'self' : null,
    lc_weights: withLc ? { length: 0, difficulty: 0, notGamed: 0 } : null,
  };
}

function scale(i: { low: number; high: number }): { low: number; high: number } {
  return { low: 100 * i.low, high: 100 * i.high };
}

/** Below this many items a row's interval is flagged as wide and approximate. */
export const SMALL_SAMPLE = 30;

/**
 * The reference of the LC fits when a baseline was asked for: the default baseline, or the one asked for when no
 * system stands out (the fits are then made against it directly).
 */
function safeDefault(table: ComparisonTable, asked: number): number {
  try {
    return defaultBaseline(table);
  } catch {
    return asked;
  }
}
