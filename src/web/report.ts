import type { LeaderboardOptions, LeaderboardResult } from '../leaderboard/method.js';
import type { Store } from '../store/store.js';
import { html, page } from './html.js';
import { leaderboardSection } from './leaderboard-view.js';
import { runLeaderboard } from '../leaderboard/run.js';

/**
 * The one-file HTML report: each requested leaderboard method with its table and plots, inline SVG and CSS
 * only (no script, no external resource), so it can be attached to a paper or a CI run as is. Returns the page
 * and why each method that could not be shown was left out.
 */
export async function buildReport(
  store: Store,
  methods: string[],
  options: LeaderboardOptions = {},
): Promise<{ html: string; skipped: { method: string; error: unknown }[] }> {
  const sections: LeaderboardResult[] = [];
  const skipped: { method: string; error: unknown }[] = [];
  for (const m of methods) {
    try {
      sections.push(await runLeaderboard(store, m, options));
    } catch (error) {
      skipped.push({ method: m, error });
    }
  }
  const s = await store.stats();
  const body = html`<p class="muted">${s.systems} systems · ${s.items} items · ${s.comparisons} comparisons (${s.failedComparisons} unparsed) · ${s.grades} grades · judges: ${s.judges.join(', ') || '—'} · generated ${new Date().toISOString()}</p>
${sections.map((lb) => leaderboardSection(lb))}
${skipped.length ? html`<h2>Not shown</h2><ul>${skipped.map((x) => html`<li class="muted">${x.method}: ${message(x.error)}</li>`)}</ul>` : ''}`;
  return { html: page('winrate report', body), skipped };
}

/** An error's message, for the "not shown" list. */
export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
