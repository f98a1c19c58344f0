import type { Comparison, Item } from '../core/model.js';
import { isStrongVerdict } from '../presets/arena-hard.js';

/**
 * The import rules every store backend applies the same way (backends only store and compare what these decide):
 * stand-in items, conflicts and derived fields. Pure functions over records already stored and records arriving.
 */

/** Whether a comparison is a strong verdict: as given, else derived from its label by the benchmark's rule. */
export function strongOf(c: Pick<Comparison, 'strong' | 'label'>): boolean {
  return c.strong ?? isStrongVerdict(c.label);
}

/**
 * What to do with an item whose (dataset, key) is already stored. An item whose instruction is its own key is a
 * stand-in created by a judgment or battle file read before its question file: the real text replaces it, a
 * stand-in never replaces real text, and two different real texts conflict.
 */
export function mergeItem(
  stored: { instruction: string },
  incoming: Item,
): 'unchanged' | 'replace' | { conflict: string } {
  if (stored.instruction === incoming.key && incoming.instruction !== incoming.key) return 'replace';
  if (stored.instruction !== incoming.instruction && incoming.instruction !== incoming.key) {
    return { conflict: `item "${incoming.key}" is already stored with another instruction text` };
  }
  return 'unchanged';
}

/** A stored output for the same item and system must be the same text. */
export function outputConflict(stored: string, incoming: { output: string; system: string }): string | null {
  return stored === incoming.output
    ? null
    : `system "${incoming.system}" already has a different output stored for this item`;
}

/** A stored verdict for the same judgment must be the same verdict (status, P(A wins) and label). */
export function verdictConflict(
  stored: { status: string; pA: number | null; label: string | null },
  c: Comparison,
): string | null {
  if (stored.status === c.status && stored.pA === c.pA && stored.label === c.label) return null;
  return `judge "${c.judge}" already has a different verdict stored for ${c.systemA} vs ${c.systemB} on this item (${stored.label ?? stored.status} ≠ ${c.label ?? c.status})`;
}

/** What an import does with a grade whose identity (item, system, judge, turn, sample) is already stored. */
export type GradeMerge = { action: 'keep' } | { action: 'replace' } | { action: 'conflict'; problem: string };

/**
 * A stored score for the same grade must be the same score. An unparsed rating is no score: a stored failure is
 * replaced by a parsed score (the judgment was rerun), and an unparsed rerun keeps the stored score (FastChat's
 * show_result drops every score −1).
 */
export function gradeMerge(
  stored: number | null,
  incoming: { score: number | null; judge: string; system: string },
): GradeMerge {
  if (stored === incoming.score || incoming.score === null) return { action: 'keep' };
  if (stored === null) return { action: 'replace' };
  return {
    action: 'conflict',
    problem: `judge "${incoming.judge}" already has a different score stored for ${incoming.system} on this item (${stored} ≠ ${incoming.score})`,
  };
}

/**
 * What makes a comparison unstorable (the stores' CHECK rules, checked before writing so the error names the row):
 * an unknown status or presentation order, a verdict without P(A wins) in [0, 1], a failure with one. Null if fine.
 */
export function comparisonProblem(c: Comparison): string | null {
  if (c.status !== 'ok' && c.status !== 'parse_failed')
    return `status must be ok or parse_failed (got ${String(c.status)})`;
  if (c.shownFirst != null && c.shownFirst !== 'a' && c.shownFirst !== 'b')
    return `shownFirst must be a, b or null (got ${String(c.shownFirst)})`;
  if (c.status === 'ok' && !(typeof c.pA === 'number' && c.pA >= 0 && c.pA <= 1))
    return `a verdict needs P(A wins) in [0, 1] (got ${String(c.pA)})`;
  if (c.status === 'parse_failed' && c.pA !== null) return 'a parse failure has no P(A wins)';
  return null;
}
