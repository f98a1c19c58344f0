import type { LeaderboardResult } from '../leaderboard/method.js';
import { html, raw, type Raw } from './html.js';
import { categoryPlot, forestPlot, lengthPlot, matrixPlot } from './plots.js';

function cell(v: unknown, kind: string, digits?: number): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  if (!Number.isFinite(v)) return '—';
  return kind === 'count' ? String(Math.round(v)) : v.toFixed(digits ?? 2);
}

/** Sorts a leaderboard's rows by a column (numbers descending by default; missing values last). */
export function sortRows(lb: LeaderboardResult, key: string, dir: 'asc' | 'desc'): LeaderboardResult {
  if (!lb.columns.some((c) => c.key === key)) return lb;
  const sign = dir === 'asc' ? 1 : -1;
  const rows = [...lb.rows].sort((p, q) => {
    const a = p[key];
    const b = q[key];
    if (a === null || a === undefined) return 1;
    if (b === null || b === undefined) return -1;
    return (
      sign *
      (typeof a === 'number' && typeof b === 'number' ? a - b : JSON.stringify(a).localeCompare(JSON.stringify(b)))
    );
  });
  return { ...lb, rows };
}

/** Any leaderboard as an HTML table (every value escaped); with `sortLink`, headers link to a sort by that column. */
export function leaderboardTable(lb: LeaderboardResult, sortLink?: (key: string) => string): Raw {
  return html`<table><thead><tr>${lb.columns.map((c) => html`<th class="${c.kind === 'text' ? 'text' : ''}">${sortLink ? html`<a href="${sortLink(c.key)}">${c.label}</a>` : c.label}</th>`)}</tr></thead>
<tbody>${lb.rows.map((r) => html`<tr>${lb.columns.map((c) => html`<td class="${c.kind === 'text' ? 'text' : ''}">${cell(r[c.key], c.kind, c.digits)}</td>`)}</tr>`)}</tbody></table>`;
}

/**
 * A leaderboard with the plots that suit it: the forest plot of its headline value and interval; win rate and
 * LC against length when rows carry lengths; the predicted win-rate matrix when the method gives one.
 * Works for every method through the common {@link LeaderboardResult} shape.
 */
export function leaderboardSection(lb: LeaderboardResult, sortLink?: (key: string) => string): Raw {
  const matrix = lb.extra?.matrix as { systems: string[]; p: (number | null)[][] } | undefined;
  const len = lengthPlot(lb);
  const heat = matrix ? matrixPlot(matrix) : null;
  const cats = lb.extra?.categories as Parameters<typeof categoryPlot>[0] | undefined;
  return html`<section data-method="${lb.method}"><h2>${lb.title}${lb.baseline ? html` <span class="muted">— baseline ${lb.baseline}</span>` : ''}</h2>
${lb.notes?.length ? html`<ul class="notes">${lb.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
<div class="grid"><div class="card table-card">${leaderboardTable(lb, sortLink)}</div>
<div class="card"><h3>Intervals</h3>${raw(forestPlot(lb))}</div>
${len ? html`<div class="card"><h3>Win rate against length</h3>${raw(len)}</div>` : ''}
${heat ? html`<div class="card"><h3>Predicted win rates</h3>${raw(heat)}</div>` : ''}
${cats ? html`<div class="card"><h3>Win rate by category</h3>${raw(categoryPlot(cats))}</div>` : ''}</div></section>`;
}
