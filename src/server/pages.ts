import type { Finding } from '../integrity/finding.js';
import { LEADERBOARD_METHODS } from '../leaderboard/methods/index.js';
import type { AgreementReport } from '../leaderboard/judge-report.js';
import type { LeaderboardResult } from '../leaderboard/method.js';
import type { ComparisonDetail, ComparisonSummary } from '../store/store.js';
import type { QueueStatus } from '../queue/queue-status.js';
import { html, page, raw } from '../web/html.js';
import { leaderboardSection, sortRows } from '../web/leaderboard-view.js';
import { renderMarkdown } from '../web/markdown.js';

/** The dashboard's navigation links, in the header of every page. */
export const NAV = [
  { href: '/', label: 'Leaderboard' },
  { href: '/comparisons', label: 'Comparisons' },
  { href: '/judges', label: 'Judges' },
  { href: '/openapi.json', label: 'API' },
];

/**
 * The dashboard: method switch (every registered method whose data the store holds, no per-method page code) and
 * the chosen leaderboard.
 */
export function dashboardPage(
  method: string,
  lb: LeaderboardResult | null,
  error: string | null,
  query: string,
  sort?: { key: string; dir: 'asc' | 'desc' },
  holds: Holds = { comparisons: true, grades: true, judges: [] },
): string {
  const links = Object.values(LEADERBOARD_METHODS)
    .filter((m) => m.name === method || holds[m.needs ?? 'comparisons'])
    .map(
      (m) =>
        html`<a class="${m.name === method ? 'on' : ''}" href="/?method=${m.name}${query}" title="${m.description}">${m.name}</a>`,
    );
  // The judge switch: with several judges (an LLM and human annotators, a jury), each one's leaderboard is a click
  // away.
  const current = /[?&]judge=([^&]*)/.exec(query)?.[1];
  const rest = query.replace(/&judge=[^&]*/, '');
  const judgeLinks =
    holds.judges.length > 1
      ? holds.judges.map(
          (j) =>
            html`<a class="${current !== undefined && decodeURIComponent(current) === j ? 'on' : ''}" href="/?method=${method}${rest}&judge=${encodeURIComponent(j)}">${j}</a>`,
        )
      : [];
  const sortLink = (key: string): string =>
    `/?method=${encodeURIComponent(method)}${query}&sort=${encodeURIComponent(key)}&dir=${sort?.key === key && sort.dir === 'desc' ? 'asc' : 'desc'}`;
  const shown = lb && sort ? sortRows(lb, sort.key, sort.dir) : lb;
  return page(
    'Leaderboard',
    html`<p class="methods">Method: ${links}</p>${judgeLinks.length ? html`<p class="methods judges">Judge: ${judgeLinks}</p>` : ''}${error ? html`<p class="bad">${error}</p>` : ''}${shown ? leaderboardSection(shown, sortLink) : ''}`,
    NAV,
  );
}

const pct = (p: number | null): string => (p === null ? 'unparsed' : `${(100 * p).toFixed(1)}%`);

/** The comparison browser: filters and a page of comparisons. */
export function comparisonsPage(r: { total: number; rows: ComparisonSummary[] }, q: Record<string, string>): string {
  const offset = Number(q.offset ?? 0);
  const next = new URLSearchParams({ ...q, offset: String(offset + r.rows.length) }).toString();
  return page(
    'Comparisons',
    html`<form class="filters" method="get" action="/comparisons">
<label>system <input name="system" value="${q.system ?? ''}"></label><label>judge <input name="judge" value="${q.judge ?? ''}"></label>
<label><input type="checkbox" name="failures" value="1" ${q.failures ? raw('checked') : ''}> failures only</label>
<label><input type="checkbox" name="disagreement" value="1" ${q.disagreement ? raw('checked') : ''}> disagreements only</label><button>Filter</button></form>
<p class="muted">${r.total} comparisons</p>
<table><thead><tr><th class="text">item</th><th class="text">A</th><th class="text">B</th><th class="text">judge</th><th>shown first</th><th>P(A wins)</th><th class="text">label</th></tr></thead><tbody>
${r.rows.map((c) => html`<tr><td class="text"><a href="/comparisons/${c.id}">${(c.instruction ?? c.itemKey ?? `battle ${c.id}`).slice(0, 80)}</a></td><td class="text">${c.systemA}</td><td class="text">${c.systemB}</td><td class="text">${c.judge}</td><td>${c.shownFirst || '—'}</td><td class="${c.pA === null ? 'bad' : ''}">${pct(c.pA)}</td><td class="text">${c.label ?? ''}</td></tr>`)}
</tbody></table>${offset + r.rows.length < r.total ? html`<p><a href="/comparisons?${next}">next page</a></p>` : ''}`,
    NAV,
  );
}

/**
 * One comparison: the item, both responses side by side as sanitised markdown, every verdict with its text, and
 * the integrity findings about either response (from the last `winrate audit`).
 */
export function comparisonPage(c: ComparisonDetail, findings: Finding[] = []): string {
  const flags = findings.filter(
    (f) => f.item === c.itemKey && (f.system === c.systemA || f.system === c.systemB) && f.severity !== 'info',
  );
  return page(
    'Comparison',
    html`<p><b>Item</b> ${c.itemKey ?? ''} ${c.category ? html`<span class="muted">(${c.category})</span>` : ''}</p>
<div class="card">${raw(renderMarkdown(c.instruction ?? ''))}</div>
<div class="side" style="margin-top:12px"><div><h3>A: ${c.systemA}</h3>${raw(renderMarkdown(c.outputA ?? '(no response stored)'))}</div>
<div><h3>B: ${c.systemB}</h3>${raw(renderMarkdown(c.outputB ?? '(no response stored)'))}</div></div>
<h2>Verdicts</h2><table><thead><tr><th class="text">judge</th><th>shown first</th><th class="text">A</th><th>P(A wins)</th><th class="text">label</th><th class="text">rationale</th></tr></thead><tbody>
${c.verdicts.map(
  (
    v,
  ) => html`<tr><td class="text">${v.judge}</td><td>${v.shownFirst || '—'}</td><td class="text">${v.systemA}</td><td class="${v.pA === null ? 'bad' : ''}">${pct(v.pA)}</td><td class="text">${v.label ?? ''}</td><td class="text">${v.rationale ?? ''}</td></tr>
<tr><td colspan="6" class="text"><details><summary>raw judge output</summary><pre>${v.rawOutput ?? ''}</pre></details></td></tr>`,
)}</tbody></table>
${
  flags.length
    ? html`<h2>Integrity findings</h2><table class="findings"><thead><tr><th class="text">system</th><th class="text">check</th><th class="text">severity</th><th class="text">evidence</th></tr></thead><tbody>
${flags.map((f) => html`<tr><td class="text">${f.system}</td><td class="text">${f.check}</td><td class="text ${f.severity === 'critical' ? 'bad' : ''}">${f.severity}</td><td class="text">${f.evidence}</td></tr>`)}</tbody></table>`
    : ''
}`,
    NAV,
  );
}

/** Running judging jobs of a PostgreSQL store's queue, per judge, and its live workers. */
function queueSection(q: QueueStatus | null | undefined) {
  if (!q || q.judges.length === 0) return '';
  const live = q.workers.filter((w) => !w.stopped && w.secondsAgo < 10);
  return html`<h2>Judging jobs (queue ${q.queue})</h2><table><thead><tr><th class="text">judge</th><th>queued</th><th>to retry</th><th>active</th>
<th>done</th><th>failed</th><th>stopped by budget</th><th>spent (USD)</th></tr></thead><tbody>
${q.judges.map(
  (
    j,
  ) => html`<tr><td class="text">${j.judge}</td><td>${j.created}</td><td>${j.retry}</td><td>${j.active}</td><td>${j.completed}</td><td>${j.failed}</td>
<td>${j.cancelled}</td><td>${j.spent.toFixed(4)}</td></tr>`,
)}</tbody></table>
<p class="muted">${live.length} live worker${live.length === 1 ? '' : 's'}${live.length ? `: ${live.map((w) => `${w.host}:${w.pid} (${w.inFlight} in flight, ${w.done} done)`).join('; ')}` : ''}</p>`;
}

/** Judge reliability and agreement, and (PostgreSQL stores) the running judging jobs. */
export function judgesPage(r: AgreementReport, queue?: QueueStatus | null): string {
  const f = (v: number | null): string => (v === null || Number.isNaN(v) ? '—' : v.toFixed(3));
  return page(
    'Judges',
    html`${queueSection(queue)}<table><thead><tr><th class="text">judge</th><th>games</th><th>failed</th><th>tie rate</th><th>swap consistency</th><th>position bias</th></tr></thead><tbody>
${r.judges.map((j) => html`<tr><td class="text">${j.judge}</td><td>${j.games}</td><td>${j.failed}</td><td>${f(j.tie_rate)}</td><td>${f(j.swap_consistency)}</td><td>${f(j.position_bias)}</td></tr>`)}</tbody></table>
${
  r.pairs.length
    ? html`<h2>Agreement</h2><table><thead><tr><th class="text">judges</th><th>Cohen's κ</th><th>comparisons</th></tr></thead><tbody>${r.pairs.map((p) => html`<tr><td class="text">${p.judge_a} × ${p.judge_b}</td><td>${f(p.cohen_kappa)}</td><td>${p.units}</td></tr>`)}</tbody></table>
<p>Fleiss' κ ${f(r.fleiss_kappa)} · Krippendorff's α ${f(r.krippendorff_alpha)} over ${r.units} comparisons</p>`
    : html`<p class="muted">One judge: no agreement to report.</p>`
}
<h2>Biases</h2><table><thead><tr><th class="text">judge</th><th>P(longer wins)</th><th>95% CI</th><th>length slope / 1k chars</th><th>95% CI</th><th class="text">self-preference</th><th class="text">most order flips</th></tr></thead><tbody>
${r.bias.map(
  (
    b,
  ) => html`<tr><td class="text">${b.judge}</td><td>${f(b.length?.p_longer_wins ?? null)}</td><td>${b.length ? `${f(b.length.p_longer_ci_low)}–${f(b.length.p_longer_ci_high)}` : '—'}</td>
<td>${f(b.length?.slope_per_1000_chars ?? null)}</td><td>${b.length ? `${f(b.length.slope_ci_low)}–${f(b.length.slope_ci_high)}` : '—'}</td>
<td class="text">${b.self_preference ? `${b.self_preference.family}: ${b.self_preference.difference.toFixed(1)} points over ${b.self_preference.units}` : '—'}</td>
<td class="text">${
    b.flips
      .slice(0, 3)
      .map((x) => `${x.system} ${(100 * x.flip_rate).toFixed(0)}% of ${x.units}`)
      .join(', ') || '—'
  }</td></tr>`,
)}</tbody></table>`,
    NAV,
  );
}

/** What the store holds, for the dashboard's switches: kinds of data, and the judges this client may see. */
export interface Holds {
  comparisons: boolean;
  grades: boolean;
  judges: string[];
}
