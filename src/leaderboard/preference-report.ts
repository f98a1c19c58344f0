import { QueryError } from '../core/errors.js';
import { REWARDBENCH_COUNTS, REWARDBENCH_SECTIONS } from '../presets/rewardbench.js';
import { bestOfN, idealizedRankingAccuracy, pairAccuracy, sectionScores } from '../stats/preference-accuracy.js';
import type { Store } from '../store/store.js';

/** Per scorer (reward model, or `logp:POLICY` for a policy's ranking accuracy): accuracy overall and per subset. */
export interface ScorerAccuracy {
  judge: string;
  kind: 'reward_model' | 'ranking';
  accuracy: number;
  n: number;
  ties: number;
  subsets: { subset: string; accuracy: number; n: number }[];
  /** RewardBench section scores and overall score, when subsets carry RewardBench's names. */
  rewardbench: Record<string, number> | null;
}

/**
 * Accuracy of every scorer on the store's preference pairs (items with responses `chosen` and `rejected`, scores as
 * grades), and with `reference` + `beta` the idealized ranking accuracy from the pairs' `preference` probabilities.
 */
export async function preferenceReport(
  store: Store,
  o: { dataset?: string; judge?: string; reference?: string; beta?: number } = {},
) {
  const dataset = o.dataset ?? 'preferences';
  const subsetOf = new Map((await store.judgingInputs(dataset)).items.map((i) => [i.key, i.category ?? null]));
  const scores = new Map<string, Map<string, { c?: number; r?: number }>>();
  for (const g of await store.grades(o.judge ? { judge: o.judge } : {})) {
    if (g.dataset !== dataset || g.score === null || (g.system !== 'chosen' && g.system !== 'rejected')) continue;
    let byItem = scores.get(g.judge);
    if (!byItem) scores.set(g.judge, (byItem = new Map<string, { c?: number; r?: number }>()));
    const e = byItem.get(g.itemKey) ?? {};
    if (g.system === 'chosen') e.c = g.score;
    else e.r = g.score;
    byItem.set(g.itemKey, e);
  }
  if (scores.size === 0)
    throw new QueryError(
      'EMPTY_STORE',
      `no scored preference pairs in dataset "${dataset}": import some with \`winrate import preferences FILE\``,
    );
  const scorers: ScorerAccuracy[] = [...scores]
    .map(([judge, byItem]) => {
      const pairs = [...byItem].filter(([, e]) => e.c !== undefined && e.r !== undefined) as [
        string,
        { c: number; r: number },
      ][];
      const all = pairAccuracy(
        pairs.map(([, e]) => e.c),
        pairs.map(([, e]) => e.r),
      );
      const bySubset = new Map<string, [number[], number[]]>();
      for (const [key, e] of pairs) {
        const s = subsetOf.get(key);
        if (!s) continue;
        const v = bySubset.get(s) ?? [[], []];
        v[0].push(e.c);
        v[1].push(e.r);
        bySubset.set(s, v);
      }
      const subsets = [...bySubset]
        .map(([subset, [c, r]]) => ({ subset, ...pairAccuracy(c, r) }))
        .sort((p, q) => p.subset.localeCompare(q.subset));
      const known = subsets.filter((s) => s.subset in REWARDBENCH_COUNTS);
      return {
        judge,
        kind: judge.startsWith('logp:') ? ('ranking' as const) : ('reward_model' as const),
        accuracy: all.accuracy,
        n: all.n,
        ties: all.ties,
        subsets: subsets.map(({ subset, accuracy, n }) => ({ subset, accuracy, n })),
        rewardbench: known.length
          ? sectionScores(new Map(known.map((s) => [s.subset, s.accuracy])), REWARDBENCH_SECTIONS, REWARDBENCH_COUNTS)
          : null,
      };
    })
    .sort((p, q) => q.accuracy - p.accuracy);
  let idealized: { reference: string; beta: number; accuracy: number; n: number } | null = null;
  if (o.reference) {
    if (!(o.beta && o.beta > 0))
      throw new QueryError('UNKNOWN_SYSTEM', 'the idealized ranking accuracy needs --beta > 0');
    const ref = scores.get(o.reference);
    if (!ref)
      throw new QueryError(
        'UNKNOWN_SYSTEM',
        `no log-likelihoods from "${o.reference}"; scorers: ${[...scores.keys()].join(', ')}`,
      );
    const alpha = new Map<string, number>();
    for (const c of await store.verdicts({ judge: 'preference', dataset })) {
      alpha.set(c.itemKey, c.systemA === 'chosen' ? c.pA : 1 - c.pA);
    }
    const rows = [...ref].filter(([k, e]) => e.c !== undefined && e.r !== undefined && alpha.has(k));
    if (rows.length === 0)
      throw new QueryError('EMPTY_STORE', 'no pairs with both reference log-likelihoods and a preference_prob');
    idealized = {
      reference: o.reference,
      beta: o.beta,
      n: rows.length,
      accuracy: idealizedRankingAccuracy(
        rows.map(([, e]) => e.c!),
        rows.map(([, e]) => e.r!),
        rows.map(([k]) => alpha.get(k)!),
        o.beta,
      ),
    };
  }
  return { dataset, scorers, idealized };
}

/**
 * Best-of-n win rates for n = 1..N: the N samples of each item are the systems whose names start with `prefix`,
 * scored by the grades of `scorer` and judged against `baseline` by `judge` ({@link bestOfN}).
 */
export async function bestOfNFromStore(
  store: Store,
  o: { prefix: string; scorer: string; baseline: string; judge?: string; dataset?: string },
) {
  const wins = new Map<string, [number, number]>();
  const samples = new Set<string>();
  for (const c of await store.verdicts({ judge: o.judge, dataset: o.dataset })) {
    const [sys, w] =
      c.systemA === o.baseline ? [c.systemB, 1 - c.pA] : c.systemB === o.baseline ? [c.systemA, c.pA] : [null, 0];
    if (sys === null || !sys.startsWith(o.prefix)) continue;
    samples.add(sys);
    const k = `${sys}\u0000${c.dataset}\u0000${c.itemKey}`;
    const e = wins.get(k) ?? [0, 0];
    wins.set(k, [e[0] + w, e[1] + 1]);
  }
  const names = [...samples].sort();
  if (names.length === 0)
    throw new QueryError('UNKNOWN_SYSTEM', `no systems named "${o.prefix}…" judged against "${o.baseline}"`);
  const scoreOf = new Map<string, number>();
  const keys = new Set<string>();
  for (const g of await store.grades({ judge: o.scorer })) {
    if (g.score === null || !g.system.startsWith(o.prefix) || (o.dataset && g.dataset !== o.dataset)) continue;
    scoreOf.set(`${g.system}\u0000${g.dataset}\u0000${g.itemKey}`, g.score);
    keys.add(`${g.dataset}\u0000${g.itemKey}`);
  }
  const items: { scores: number[]; wins: number[] }[] = [];
  for (const key of keys) {
    const s = names.map((sys) => scoreOf.get(`${sys}\u0000${key}`));
    const w = names.map((sys) => {
      const e = wins.get(`${sys}\u0000${key}`);
      return e ? e[0] / e[1] : undefined;
    });
    if (s.every((x) => x !== undefined) && w.every((x) => x !== undefined)) items.push({ scores: s, wins: w });
  }
  if (items.length === 0)
    throw new QueryError(
      'EMPTY_STORE',
      `no item has all ${names.length} samples both scored by "${o.scorer}" and judged against "${o.baseline}"`,
    );
  return { samples: names.length, items: items.length, rows: bestOfN(items) };
}
