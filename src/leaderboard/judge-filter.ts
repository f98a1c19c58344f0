import { nameList } from '../core/name-list.js';
import { QueryError } from '../core/errors.js';
import { judgeBaselineKey } from '../core/settings.js';
import type { ComparisonFilter, ComparisonTable, Store } from '../store/store.js';
import { juryTable } from './jury.js';
import type { LeaderboardOptions } from './method.js';

/**
 * The judge whose comparisons a leaderboard uses: the one asked for, else the only one in the store, else the only
 * judge that is not a person (`human:NAME` votes of a study do not displace the LLM judge as the default: the first
 * vote must not break every default leaderboard). Otherwise several judges without a choice is an error naming them
 * (mixing judges silently would average apples and oranges). `exclude`: judges that are no candidates and that no
 * message names (the votes of open studies, on the server).
 */
export async function singleJudge(
  store: Store,
  judge?: string,
  kind: 'comparisons' | 'grades' = 'comparisons',
  exclude: ReadonlySet<string> = new Set(),
): Promise<string | undefined> {
  const all = (await store.judgeNames()).filter((j) => !exclude.has(j));
  if (judge !== undefined) {
    if (!all.includes(judge))
      throw new QueryError(
        'UNKNOWN_SYSTEM',
        `unknown judge "${judge}"; judges in the store: ${nameList(all) || 'none'}`,
      );
    return judge;
  }
  if (all.length <= 1) return all[0];
  // Only the judges that made what the method reads: a grading judge is no candidate for a pairwise method.
  const judges = await judgesWith(store, kind, all);
  const machines = judges.filter((j) => !j.startsWith('human:'));
  if (judges.length > 1 && machines.length === 1) return machines[0];
  if (judges.length > 1) {
    throw new QueryError(
      'AMBIGUOUS_JUDGE',
      `${kind} from several judges (${nameList(judges)}): choose one with --judge${kind === 'comparisons' ? ' (or several with --jury mean)' : ''}`,
    );
  }
  return judges[0];
}

/**
 * The comparisons a leaderboard reads: one judge's (see {@link singleJudge}), or with `jury` the named judges'
 * (comma-separated `judge`, default all) collapsed into one verdict per comparison.
 */
export async function judgedTable(
  store: Store,
  o: LeaderboardOptions,
  filter: Omit<ComparisonFilter, 'judge' | 'judges'> = {},
): Promise<ComparisonTable> {
  if (!o.jury) return store.comparisonTable({ ...filter, judge: await singleJudge(store, o.judge) });
  const all = await store.judgeNames();
  const judges = o.judge ? o.judge.split(',').map((j) => j.trim()) : all;
  for (const j of judges)
    if (!all.includes(j))
      throw new QueryError('UNKNOWN_SYSTEM', `unknown judge "${j}"; judges in the store: ${nameList(all)}`);
  return juryTable(await store.comparisonTable({ ...filter, judges }), o.jury);
}

/**
 * The baseline recorded with the judge's comparisons (by `winrate judge` from its config, or by an import of judgment
 * files), if it is among the systems compared; undefined for a jury or when none was recorded.
 */
export async function recordedBaseline(
  store: Store,
  o: LeaderboardOptions,
  systems: string[],
): Promise<string | undefined> {
  if (o.jury) return undefined;
  const judge = await singleJudge(store, o.judge);
  const b = judge === undefined ? null : await store.setting(judgeBaselineKey(judge));
  return b !== null && systems.includes(b) ? b : undefined;
}

/** The judges with comparisons (from the aggregated outcome counts, cheap) or with grades. */
async function judgesWith(store: Store, kind: 'comparisons' | 'grades', all: string[]): Promise<string[]> {
  if (kind === 'grades') {
    const have = new Set((await store.grades()).map((g) => g.judge));
    return all.filter((j) => have.has(j));
  }
  const o = await store.outcomeCounts();
  const have = new Set(Array.from(o.judge, (j) => o.judges[j]));
  return all.filter((j) => have.has(j));
}
