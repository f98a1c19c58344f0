import { flagLabel, systemFlags } from '../integrity/format.js';
import type { Finding } from '../integrity/finding.js';
import type { Store } from '../store/store.js';
import type { LeaderboardOptions, LeaderboardResult } from './method.js';
import { LEADERBOARD_METHODS } from './methods/index.js';

/**
 * Adds the integrity flag of each system (worst severity of its stored audit findings and how many outputs are
 * flagged) as an `integrity` column, so every method in every output format shows it. Unchanged when the store
 * has never been audited.
 */
export function withIntegrity(lb: LeaderboardResult, findings: Finding[]): LeaderboardResult {
  if (findings.length === 0) return lb;
  const flags = systemFlags(findings);
  return {
    ...lb,
    columns: [...lb.columns, { key: 'integrity', label: 'integrity', kind: 'text' }],
    rows: lb.rows.map((r) => ({ ...r, integrity: flagLabel(flags.get(String(r.system))) })),
  };
}

/** Runs a leaderboard method and adds the integrity column (what the CLI, the API and the report show). */
export async function runLeaderboard(store: Store, method: string, options: LeaderboardOptions): Promise<LeaderboardResult> {
  return withIntegrity(await LEADERBOARD_METHODS[method].run(store, options), await store.findings());
}
