import type { ErrorCode } from '../core/errors.js';
import type { RunProgress } from '../judges/run.js';
import { formatSpend } from './judge-progress.js';

/** The summary printed after a judge's run. */
export function summaryLine(name: string, r: RunProgress): string {
  const tokens = r.promptTokens + r.completionTokens;
  const spend = r.priced
    ? `$${r.cost.toFixed(4)} this run, ${formatSpend(r)} in this store`
    : tokens === 0
      ? '$0 in tokens (the endpoint reported no token usage, e.g. a scorer)'
      : 'cost unknown (no price for the model; add it under `prices:`)';
  return (
    `${name}: ${r.total} judgments planned, ${r.skipped} already stored, ${r.requested} requested, ${r.cached} from cache; ` +
    `${r.ok} verdicts, ${r.parseFailures} unparsed (stored with their raw text` +
    `${r.failedAnswers ? `; ${r.failedAnswers} of them refused, filtered or cut at max_tokens` : ''}), ${r.errors} not obtained` +
    `${r.notSent ? `, ${r.notSent} not sent` : ''}; ${spend} for ${r.promptTokens}+${r.completionTokens} tokens` +
    `${r.stopReason === 'budget' ? '; stopped: max_cost reached' : ''}${r.stopReason === 'interrupted' ? '; interrupted' : ''}` +
    `${r.stopReason === 'provider' ? '; stopped: the provider refused' : ''}`
  );
}

/**
 * Why a finished `winrate judge` must not exit 0, or null when every planned judgment has a verdict or a stored
 * parse failure (and not every one of them is a parse failure). Checked in order: interrupted, a refusing provider,
 * budget, missing judgments, all unparsed.
 */
export function judgingOutcome(
  results: { name: string; r: RunProgress }[],
  interrupted: boolean,
): { code: ErrorCode; message: string } | null {
  const missing = results.reduce((n, { r }) => n + r.errors + r.notSent, 0);
  if (interrupted)
    return { code: 'INTERRUPTED', message: `interrupted; ${missing} judgments not obtained (what arrived is stored)` };
  const refused = results.filter(({ r }) => r.stopReason === 'provider');
  if (refused.length) {
    return {
      code: 'PROVIDER_REFUSED',
      message: refused.map(({ name, r }) => `${name}: ${r.lastError ?? 'the provider refused'}`).join('; '),
    };
  }
  const budget = results.filter(({ r }) => r.stopReason === 'budget');
  if (budget.length) {
    return {
      code: 'BUDGET_EXHAUSTED',
      message:
        `max_cost reached for ${budget.map(({ name, r }) => `${name} (${formatSpend(r)}, ${r.notSent} judgments not sent)`).join(', ')}; ` +
        'raise max_cost in the config to go on (the budget counts every run on this store)',
    };
  }
  if (missing > 0)
    return {
      code: 'JUDGING_INCOMPLETE',
      message: `${missing} judgments could not be obtained (stored judgments are not repeated)`,
    };
  const unparsed = results.filter(({ r }) => r.verdicts === 0 && r.unparsed > 0);
  if (unparsed.length) {
    return {
      code: 'ALL_UNPARSED',
      message:
        `every verdict of ${unparsed.map((u) => u.name).join(', ')} is unparsed: the preset does not fit the endpoint's answers ` +
        '(see the raw outputs with `winrate serve`; pick another preset or a custom template), then rerun with --retry-failed',
    };
  }
  return null;
}

/**
 * What raising the budget buys after a budget stop: per judge stopped by it, the judgments not sent at this run's mean
 * cost per paid request, and the max_cost that covers them (the store's spend so far plus that, rounded up to the
 * cent; the highest over the judges, as max_cost caps each). Null when no judge stopped on the budget or none has
 * a paid request to estimate from.
 */
export function budgetRaise(results: { name: string; r: RunProgress }[]): { maxCost: number; text: string } | null {
  const parts: string[] = [];
  let maxCost = 0;
  for (const { name, r } of results) {
    if (r.stopReason !== 'budget' || r.requested === 0 || r.notSent === 0) continue;
    const more = (r.notSent * r.cost) / r.requested;
    const cap = Math.ceil((r.spent + more) * 100) / 100;
    maxCost = Math.max(maxCost, cap);
    parts.push(`${name}: about $${more.toFixed(2)} more for its ${r.notSent} judgments not sent`);
  }
  return parts.length ? { maxCost, text: `${parts.join('; ')}; max_cost $${maxCost.toFixed(2)} covers them` } : null;
}

/** The command line with `--max-cost` set to `usd` (replaced where given, appended where not). */
export function withMaxCost(argv: string[], usd: number): string[] {
  const out = [...argv];
  const at = out.findIndex((a) => a === '--max-cost' || a.startsWith('--max-cost='));
  const value = usd.toFixed(2);
  if (at < 0) return [...out, '--max-cost', value];
  if (out[at].includes('=')) out[at] = `--max-cost=${value}`;
  else out[at + 1] = value;
  return out;
}
