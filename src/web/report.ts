import type { LeaderboardOptions, LeaderboardResult } from '../leaderboard/method.js';
import type { Store } from '../store/store.js';
import { html, page } from './html.js';
import { leaderboardSection } from './leaderboard-view.js';
import { runLeaderboard } from '../leaderboard/run.js';

/**
 * The one-file HTML report: each requested leaderboard method with its table and plots, inline SVG and CSS
 * only (no script, no external resource), so it can be attached to a paper or a CI run as is.
 */
export async function buildReport(store: Store, methods: string[], options: LeaderboardOptions = {}): Promise<string> {
  const sections: LeaderboardResult[] = [];
  const skipped: string[] = [];
  for (const m of methods) {
    try {
      sections.push(await runLeaderboard(store, m, options));
    } catch (e) {
      skipped.push(`${m}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const s = await store.stats();
  const body = html`<p class="muted">${s.systems} systems · ${s.items} items · ${s.comparisons} comparisons (${s.failedComparisons} unparsed) · ${s.grades} grades · judges: ${s.judges.join(', ') || '—'} · generated ${new Date().toISOString()}</p>
${sections.map((lb) => leaderboardSection(lb))}
${skipped.length ? html`<h2>Not shown</h2><ul>${skipped.map((x) => html`<li class="muted">${x}</li>`)}</ul>` : ''}`;
  return page('winrate report', body);
}
