/** How bad a finding is: `info` is context, `warning` needs a look, `critical` inflates a win rate. */
export type Severity = 'info' | 'warning' | 'critical';

/** The integrity checks (README "Integrity audit" says how each decides). */
export type CheckName =
  | 'constant_output'
  | 'near_constant_output'
  | 'unrelated_output'
  | 'judge_format'
  | 'verdict_string'
  | 'chat_role_token'
  | 'evaluator_instruction'
  | 'hidden_comment'
  | 'invisible_characters'
  | 'empty_output'
  | 'self_score'
  | 'padding'
  | 'truncated_output'
  | 'lc_above_raw'
  | 'length_outlier'
  | 'many_findings';

/** One finding: a system, the item it is about (null: the whole system), the check, severity and evidence. */
export interface Finding {
  system: string;
  dataset: string | null;
  item: string | null;
  check: CheckName;
  severity: Severity;
  evidence: string;
}

/** What a per-output check reports before the system and item are attached. */
export interface OutputFlag {
  check: CheckName;
  severity: Severity;
  evidence: string;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** The worse of two severities. */
export function worse(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Severity order for sorting and thresholds. */
export function severityRank(s: Severity): number {
  return RANK[s];
}

/** A short quote of matched text for evidence: at most 80 characters, invisible characters made visible. */
export function quote(s: string): string {
  const shown = s.replace(
    /[\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]/g,
    (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
  const one = shown.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > 80 ? `${one.slice(0, 77)}...` : one);
}
