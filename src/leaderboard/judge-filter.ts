import { QueryError } from '../core/errors.js';
import type { Store } from '../store/store.js';

/**
 * The judge whose comparisons a leaderboard uses: the one asked for, else the only one in the store;
 * several judges without a choice is an error naming them (mixing judges silently would average apples
 * and oranges).
 */
export async function singleJudge(store: Store, judge?: string): Promise<string | undefined> {
  const judges = (await store.stats()).judges;
  if (judge !== undefined) {
    if (!judges.includes(judge)) throw new QueryError('UNKNOWN_SYSTEM', `unknown judge "${judge}"; judges in the store: ${judges.join(', ') || 'none'}`);
    return judge;
  }
  if (judges.length > 1) throw new QueryError('AMBIGUOUS_JUDGE', `comparisons from several judges (${judges.join(', ')}): choose one with --judge`);
  return judges[0];
}
