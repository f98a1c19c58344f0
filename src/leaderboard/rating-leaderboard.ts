import { ArgumentError, QueryError } from '../core/errors.js';
import { nameList } from '../core/name-list.js';
import { eloWinProbability, ELO_SCALE, fitBradleyTerry, toEloScale } from '../stats/bradley-terry.js';
import { onlineElo } from '../stats/online-elo.js';
import { pairCells, pairCounts, type PairwiseData } from '../stats/pairwise-data.js';
import { summarise, type BootstrapSummary } from '../stats/rating-bootstrap.js';
import { bootstrapThetas } from '../stats/parallel-bootstrap.js';
import { fitStyleBradleyTerry, styleFeatures, type StyleFit } from '../stats/style-control.js';
import { styleRuns } from '../stats/style-runs.js';
import type { StyleColumns } from '../store/store.js';
import { ARENA_HARD_KNOWN_BASELINES } from '../presets/arena-hard.js';
import { laplaceVariances } from '../stats/bradley-terry-laplace.js';
import { playedGroups, SEPARATION_RIDGE, separatedSystems } from '../stats/separation.js';

/**
 * What the rating methods read: one entry per comparison (a ComparisonTable) or per aggregated outcome with
 * its multiplicity in `count` (OutcomeCounts). Online Elo needs `seq` (order), style control needs `style`.
 */
export interface RatingInput {
  systems: string[];
  a: Int32Array;
  b: Int32Array;
  pA: Float64Array;
  strong: Uint8Array;
  count?: Float64Array;
  seq?: Float64Array;
  style?: StyleColumns;
}

/** Rating methods over all pairwise comparisons. */
export type RatingMethod = 'bt' | 'elo' | 'arena-hard';

/** Options of {@link ratingLeaderboard}. */
export interface RatingOptions {
  method: RatingMethod;
  /** Style control (length and markdown covariates); needs style metadata. */
  styleControl?: boolean;
  /** Bootstrap rounds for CIs (0 = none). */
  bootstrap?: number;
  seed?: number;
  /**
   * Fix ratings (default: Arena-Hard's baseline at 1000; otherwise mean 1000). One anchor shifts the scale;
   * several (e.g. bot levels of known Elo) are held fixed in the fit and the others are estimated around them.
   */
  anchor?: { system: string; rating: number } | { system: string; rating: number }[];
  /** Baseline for the score column (predicted win rate against it, percent). */
  baseline?: string;
  /** Weight of a strong verdict ("A>>B"); default 3 for arena-hard, 1 otherwise. */
  strongWeight?: number;
  /** K of online Elo (default 4). */
  eloK?: number;
}

/** One row of a rating leaderboard. */
export interface RatingRow {
  system: string;
  rating: number;
  ci_low: number | null;
  ci_high: number | null;
  /**
   * 1 + number of systems whose CI lies entirely above this one's (Chatbot Arena); by rating without CIs. Within
   * the row's group when the systems form groups that never met.
   */
  rank: number;
  /** The group of systems that played each other (1 = the largest), when there are several; else null. */
  group: number | null;
  n_comparisons: number;
  /** Predicted win rate against the baseline, percent (Arena-Hard "score"). */
  score: number | null;
  score_ci_low: number | null;
  score_ci_high: number | null;
}

/** A rating leaderboard with the predicted win-rate matrix and, under style control, the style coefficients. */
export interface RatingLeaderboard {
  method: RatingMethod;
  styleControl: boolean;
  baseline: string | null;
  rows: RatingRow[];
  /** P(row system beats column system), systems in `rows` order; null between groups that never met. */
  matrix: (number | null)[][];
  /** Style coefficients on the standardised features, and on the raw normalised differences (γ / sd). */
  style: { features: string[]; coefficients: number[]; rawCoefficients: number[] } | null;
  /** What a reader should know (separated data and the prior used for them). */
  notes: string[];
}

/** Names of the style-control features, in the order of their coefficients. */
export const STYLE_FEATURE_NAMES = ['length (tokens)', 'markdown headers', 'markdown lists', 'markdown bold'];

/**
 * Bradley–Terry (optionally style-controlled) or online-Elo ratings of every system from all pairwise
 * comparisons, with seeded bootstrap CIs, the Arena-Hard score against a baseline and the predicted matrix.
 */
export async function ratingLeaderboard(table: RatingInput, options: RatingOptions): Promise<RatingLeaderboard> {
  const n = table.a.length;
  if (n === 0)
    throw new QueryError('EMPTY_STORE', 'the store has no comparisons: import some first (winrate import ...)');
  const used = new Uint8Array(table.systems.length);
  for (let i = 0; i < n; i++) used[table.a[i]] = used[table.b[i]] = 1;
  const systemIndex = (name: string, what: string): number => {
    const s = table.systems.indexOf(name);
    if (s < 0 || !used[s])
      throw new QueryError(
        'UNKNOWN_SYSTEM',
        `unknown ${what} "${name}"; systems with comparisons: ${nameList(
          table.systems.filter((_, i) => used[i]).sort(),
        )}`,
      );
    return s;
  };
  const arenaHard = options.method === 'arena-hard';
  const baselineName = options.baseline ?? (arenaHard ? defaultArenaHardBaseline(table, used) : undefined);
  const baseline = baselineName === undefined ? -1 : systemIndex(baselineName, 'baseline');
  const anchors = (Array.isArray(options.anchor) ? options.anchor : options.anchor ? [options.anchor] : []).map(
    (x) => ({ index: systemIndex(x.system, 'anchor'), rating: x.rating }),
  );
  if (new Set(anchors.map((x) => x.index)).size < anchors.length) throw new ArgumentError('a system is anchored twice');
  const multi = anchors.length > 1;
  const anchor =
    anchors.length === 1
      ? anchors[0]
      : multi
        ? anchors[0]
        : baseline >= 0 && arenaHard
          ? { index: baseline, rating: 1000 }
          : undefined;
  const fixed = multi
    ? {
        index: Int32Array.from(anchors, (x) => x.index),
        theta: Float64Array.from(anchors, (x) => (x.rating - 1000) / ELO_SCALE),
      }
    : undefined;
  const strong = options.strongWeight ?? (arenaHard ? 3 : 1);
  const data: PairwiseData = {
    nSystems: table.systems.length,
    a: table.a,
    b: table.b,
    y: table.pA,
    w: Float64Array.from(table.strong, (s) => (s ? strong : 1)),
  };
  const cells = pairCells(data);
  const rounds = options.bootstrap ?? 0;
  // Groups of systems that never met (three tournaments in one store): their ratings are centred group by group
  // (or on the group's anchor), ranks and predicted win rates are given within a group only.
  const groups = playedGroups(table.systems.length, table.a, table.b, used);
  const anchoredGroups = new Set([...anchors, ...(anchor ? [anchor] : [])].map((x) => groups.group[x.index]));
  const grouped = groups.count > 1 && anchoredGroups.size < groups.count;
  const byGroup = (r: Float64Array): Float64Array =>
    grouped ? centerGroups(r, groups.group, groups.count, anchoredGroups) : r;
  const toRatings = (theta: Float64Array): Float64Array =>
    byGroup(multi ? toEloScale(theta) : center(toEloScale(theta, anchor), anchor, used));

  let ratings: Float64Array;
  const notes: string[] = [];
  let boot: BootstrapSummary | null = null;
  /** The Laplace variances, computed only if the bootstrap leaves a system without an interval (widenDegenerate). */
  let laplace: (() => LaplaceVariances) | null = null;
  let style: RatingLeaderboard['style'] = null;
  const counts = table.count;
  if (options.method === 'elo') {
    if (options.styleControl)
      throw new ArgumentError('style control needs a Bradley–Terry method (--method bt or arena-hard)');
    if (!table.seq || counts) throw new ArgumentError('online Elo needs the comparisons one by one, in order');
    const seq = table.seq;
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((p, q) => seq[p] - seq[q] || p - q);
    const held = new Map(anchors.map((x) => [x.index, x.rating]));
    const initial = anchors.length ? anchors.reduce((m, x) => m + x.rating, 0) / anchors.length : 1000;
    const r = onlineElo(table.systems.length, pick(table.a, order), pick(table.b, order), pickF(table.pA, order), {
      k: options.eloK,
      fixed: held,
      initial,
    });
    ratings = byGroup(anchors.length ? r : center(r, undefined, used));
  } else if (options.styleControl) {
    if (multi) throw new ArgumentError('style control takes at most one --anchor');
    if (!table.style || counts)
      throw new ArgumentError('style control needs the comparisons one by one, with style metadata');
    const missing = table.style.a[0].reduce(
      (m, v, i) => m + (Number.isNaN(v) || Number.isNaN(table.style!.b[0][i]) ? 1 : 0),
      0,
    );
    if (missing > 0) {
      throw new QueryError(
        'MISSING_DATA',
        `style control needs style metadata (tokens, headers, lists, bold) for every comparison; ${missing} of ${n} have none ` +
          '(battles without style columns, or responses stored by an older winrate: import the responses again)',
      );
    }
    const f = styleFeatures(table.style.a, table.style.b);
    const sd = { ...data, features: f.features };
    // Started from the plain Bradley–Terry fit (cheap, on the pair counts): Newton then needs fewer passes over the
    // rows.
    const start = { theta: fitBradleyTerry(pairCounts(data, cells)), gamma: new Float64Array(f.features.length) };
    const runs = styleRuns(sd, cells); // grouped once: for the fit and every bootstrap round
    const full: StyleFit = fitStyleBradleyTerry(sd, cells, { start, runs });
    ratings = toRatings(full.theta);
    style = {
      features: STYLE_FEATURE_NAMES,
      coefficients: Array.from(full.gamma),
      rawCoefficients: Array.from(full.gamma, (g, k) => (f.sd[k] > 0 ? g / f.sd[k] : 0)),
    };
    if (rounds > 0)
      boot = summarise(
        (
          await bootstrapThetas(
            { kind: 'style', data: sd, cells, start: full, runs },
            { rounds, seed: options.seed ?? 0 },
          )
        ).map(toRatings),
        0.95,
      );
  } else {
    const pc = pairCounts(data, cells, counts);
    // Separated data (a system that never loses, or never wins): no finite maximum-likelihood rating exists, so a
    // weak prior keeps every rating finite, in the fit and in every bootstrap round alike.
    const separated = separatedSystems(pc, used);
    const ridge = separated.length ? SEPARATION_RIDGE : undefined;
    if (separated.length) {
      notes.push(
        `separated data: ${separated.map((s) => table.systems[s]).join(', ')} never lost (or never won) against the others, so ` +
          'maximum-likelihood ratings do not exist (Ford 1957); a weak N(0, 2.5²) prior on the log-odds strengths keeps them finite: read them as bounds',
      );
    }
    const theta = fitBradleyTerry(pc, { fixed, ridge });
    ratings = toRatings(theta);
    laplace = () => {
      const isFixed = fixed ? new Uint8Array(table.systems.length) : undefined;
      fixed?.index.forEach((k) => (isFixed![k] = 1));
      const v = laplaceVariances(pc, theta, ridge ?? 1e-8, isFixed);
      return {
        own: (s) => (fixed ? v.fixed(s) : anchor ? v.difference(s, anchor.index) : v.centred(s)),
        difference: v.difference,
      };
    };
    if (rounds > 0)
      boot = summarise(
        (
          await bootstrapThetas(
            { kind: 'bt', data, cells, counts, start: theta, fixed, ridge },
            { rounds, seed: options.seed ?? 0 },
          )
        ).map(toRatings),
        0.95,
      );
  }

  const perSystem = new Float64Array(table.systems.length);
  for (let i = 0; i < n; i++) {
    if (table.a[i] === table.b[i]) continue; // a system against itself says nothing about it
    const c = counts ? counts[i] : 1;
    perSystem[table.a[i]] += c;
    perSystem[table.b[i]] += c;
  }
  const systems = table.systems.map((_, i) => i).filter((i) => used[i]);
  const score = (r: number, base: number): number => 100 * eloWinProbability(r, base);
  const scoreIntervals = boot && laplace ? widenDegenerate(boot, ratings, baseline, laplace, used) : null;
  const groupOf = (s: number): number | null => (grouped ? groups.group[s] + 1 : null);
  let rows: RatingRow[] = systems.map((s) => {
    const scored = baseline >= 0 && groupOf(s) === groupOf(baseline);
    return {
      system: table.systems[s],
      rating: ratings[s],
      ci_low: boot ? boot.low[s] : null,
      ci_high: boot ? boot.high[s] : null,
      rank: 0,
      group: groupOf(s),
      n_comparisons: perSystem[s],
      score: scored ? score(ratings[s], ratings[baseline]) : null,
      score_ci_low: scored && boot ? (scoreIntervals?.get(s)?.[0] ?? quantileOfScores(boot, s, baseline, 0.025)) : null,
      score_ci_high:
        scored && boot ? (scoreIntervals?.get(s)?.[1] ?? quantileOfScores(boot, s, baseline, 0.975)) : null,
    };
  });
  rows.sort((p, q) => (p.group ?? 0) - (q.group ?? 0) || q.rating - p.rating || p.system.localeCompare(q.system));
  rows = rows.map((r) => {
    const peers = rows.filter((o) => o.group === r.group);
    return {
      ...r,
      rank:
        r.ci_low === null
          ? 1 + peers.indexOf(r)
          : 1 + peers.filter((o) => o.ci_low !== null && o.ci_low > r.ci_high!).length,
    };
  });
  const matrix = rows.map((r) => rows.map((c) => (r.group === c.group ? eloWinProbability(r.rating, c.rating) : null)));
  if (grouped) {
    const names = Array.from({ length: groups.count }, (_, g) =>
      systems.filter((s) => groups.group[s] === g).map((s) => table.systems[s]),
    );
    notes.push(
      `the systems form ${groups.count} groups that never played each other (${names
        .map((m, g) => `${g + 1}: ${m.slice(0, 5).join(', ')}${m.length > 5 ? `, … ${m.length} in all` : ''}`)
        .join('; ')}): ratings compare only within a group, each centred at 1000 (or on its anchor); ranks and ` +
        'predicted win rates are within groups. Anchor a system of every group (--anchor) or add games between them.',
    );
  }
  return {
    method: options.method,
    styleControl: !!options.styleControl,
    baseline: baselineName ?? null,
    rows,
    matrix,
    style,
    notes,
  };
}

/**
 * Where every bootstrap round gave the same rating (one comparison, or separated data that the prior holds in place:
 * each resample is the data again) the percentile interval has no width and no coverage; those systems get the
 * Laplace interval rating ± 1.96·ELO_SCALE·√Var instead (the posterior under the stated weak prior), and their score
 * against the baseline the same on the difference: returned by system (percent), to replace the rounds' score
 * interval. The variances are computed only when some system needs them.
 */
function widenDegenerate(
  boot: BootstrapSummary,
  ratings: Float64Array,
  baseline: number,
  variances: () => LaplaceVariances,
  used: Uint8Array,
): Map<number, [number, number]> {
  const z = 1.959963984540054;
  const scores = new Map<number, [number, number]>();
  let laplace: LaplaceVariances | undefined;
  for (let s = 0; s < ratings.length; s++) {
    if (!used[s] || boot.high[s] - boot.low[s] > 1e-9 * Math.max(1, Math.abs(ratings[s]))) continue;
    laplace ??= variances();
    const half = z * ELO_SCALE * Math.sqrt(laplace.own(s));
    if (!(half > 0)) continue;
    boot.low[s] = Math.min(boot.low[s], ratings[s] - half);
    boot.high[s] = Math.max(boot.high[s], ratings[s] + half);
    if (baseline < 0 || s === baseline) continue;
    const d = ratings[s] - ratings[baseline];
    const h = z * ELO_SCALE * Math.sqrt(laplace.difference(s, baseline));
    scores.set(s, [100 * eloWinProbability(d - h, 0), 100 * eloWinProbability(d + h, 0)]);
  }
  return scores;
}

/** Var(θₛ) as the rating reports it (centred, or relative to the anchors) and Var(θᵢ − θⱼ), Laplace approximation. */
interface LaplaceVariances {
  own: (s: number) => number;
  difference: (i: number, j: number) => number;
}

/** Percentile of the per-round score (win rate against the baseline in that round). */
function quantileOfScores(boot: BootstrapSummary, s: number, base: number, q: number): number {
  const v = Float64Array.from(boot.samples, (r) => 100 * eloWinProbability(r[s], r[base])).sort();
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  return v[lo] + (h - lo) * (v[Math.min(lo + 1, v.length - 1)] - v[lo]);
}

/** Shifts every group without an anchor so that its systems average 1000 (groups that never met, see playedGroups). */
function centerGroups(r: Float64Array, group: Int32Array, count: number, anchored: Set<number>): Float64Array {
  const sum = new Float64Array(count);
  const cnt = new Float64Array(count);
  group.forEach((g, s) => {
    if (g >= 0) {
      sum[g] += r[s];
      cnt[g]++;
    }
  });
  return r.map((v, s) => (group[s] >= 0 && !anchored.has(group[s]) ? v + 1000 - sum[group[s]] / cnt[group[s]] : v));
}

/** Without an anchor, shift so that the systems in play average 1000. */
function center(r: Float64Array, anchor: { index: number } | undefined, used: Uint8Array): Float64Array {
  if (anchor) return r;
  let sum = 0;
  let cnt = 0;
  r.forEach((v, i) => {
    if (used[i]) {
      sum += v;
      cnt++;
    }
  });
  const shift = 1000 - sum / cnt;
  return r.map((v) => v + shift);
}

function defaultArenaHardBaseline(table: RatingInput, used: Uint8Array): string {
  for (const name of ARENA_HARD_KNOWN_BASELINES) {
    const i = table.systems.indexOf(name);
    if (i >= 0 && used[i]) return name;
  }
  throw new ArgumentError(
    'the arena-hard method needs --baseline SYSTEM (none was recorded when the judgments were imported)',
  );
}

function pick(x: Int32Array, order: Int32Array): Int32Array {
  return Int32Array.from(order, (i) => x[i]);
}

function pickF(x: Float64Array, order: Int32Array): Float64Array {
  return Float64Array.from(order, (i) => x[i]);
}

export { ELO_SCALE };
