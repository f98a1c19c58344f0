import { LEADERBOARD_METHODS } from '../leaderboard/methods/index.js';
import type { Preset } from '../judges/presets/preset.js';
import { PRESETS } from '../judges/presets/index.js';
import type { Store } from '../store/store.js';
import { audit } from './audit.js';
import type { AuditResponse } from './constant.js';
import type { Finding } from './finding.js';

/** Options of {@link auditStore}. */
export interface AuditStoreOptions {
  /** Audit only this system (the others still serve as the length reference). */
  system?: string;
  /** Judge whose comparisons give the raw and LC win rates (default: the only one). */
  judge?: string;
  dataset?: string;
  /** Custom judge templates to protect besides the built-in presets. */
  presets?: Preset[];
}

/**
 * Audits what a store holds and stores the findings (replacing the audited systems' earlier ones): responses
 * from the store; raw and LC win rates from the `lc` leaderboard when the store has comparisons for them.
 */
export async function auditStore(store: Store, o: AuditStoreOptions = {}): Promise<Finding[]> {
  const inputs = await store.judgingInputs(o.dataset);
  const items = new Map<string, (typeof inputs.items)[number]>();
  for (const i of inputs.items) if (!items.has(i.key)) items.set(i.key, i);
  const responses = new Map<string, AuditResponse[]>();
  for (const [system, byItem] of inputs.responses) {
    const rows: AuditResponse[] = [];
    for (const [key, output] of byItem) {
      const item = items.get(key);
      rows.push({ dataset: item?.dataset ?? '', item: key, instruction: item?.instruction ?? key, output });
    }
    responses.set(system, rows);
  }
  let winRates: Map<string, { raw: number; lc: number }> | undefined;
  let baseline: string | null = null;
  try {
    const lb = await LEADERBOARD_METHODS.lc.run(store, { judge: o.judge, dataset: o.dataset });
    baseline = lb.baseline;
    winRates = new Map(lb.rows.map((r) => [String(r.system), { raw: Number(r.win_rate), lc: Number(r.lc_win_rate) }]));
  } catch {
    // no pairwise comparisons (or several judges and none chosen): the audit works from the outputs alone
  }
  const findings = audit({ responses, winRates, baseline, presets: [...Object.values(PRESETS), ...(o.presets ?? [])] });
  const mine = o.system ? findings.filter((f) => f.system === o.system) : findings;
  await store.replaceFindings(mine, o.system ? [o.system] : undefined);
  return mine;
}
