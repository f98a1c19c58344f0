/**
 * Keys of the values recorded in a store with its records (Store.setting / ImportBatch.settings). One place, so
 * that what an import or a judging run records is what a leaderboard looks up.
 */

/**
 * The baseline a judge's comparisons were made against, recorded by `winrate judge` (its config's `baseline:`) and
 * by imports of judgment files that do not name one (Arena-Hard); leaderboards use it when `--baseline` is absent.
 */
export const judgeBaselineKey = (judge: string): string => `baseline:${judge}`;
