import { flagLabel, systemFlags } from '../integrity/format.js';
import type { Finding } from '../integrity/finding.js';
import type { Store } from '../store/store.js';
import type { LeaderboardOptions, LeaderboardResult } from './method.js';
import { loadMethod, METHOD_NAMES } from './methods/lazy.js';
import { ArgumentError } from '../core/errors.js';

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
export async function runLeaderboard(
  store: Store,
  method: string,
  options: LeaderboardOptions,
): Promise<LeaderboardResult> {
  const m = await loadMethod(method); // only this method's module: a leaderboard does not load the others
  if (!m) throw new ArgumentError(`unknown method "${method}"; methods: ${METHOD_NAMES.join(', ')}`);
  return withIntegrity(await m.run(store, options), await store.findings());
}
