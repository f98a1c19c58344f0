import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { LeaderboardResult } from '../leaderboard/method.js';

/** Charts are drawn by Observable Plot on a server-side DOM (linkedom) and embedded as inline SVG: no script. */
function render(options: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  return (Plot.plot({ ...options, document: document }) as unknown as { outerHTML: string }).outerHTML;
}

/** Forest plot: each system's (or system and group's) headline value with its interval, sorted as the leaderboard. */
export function forestPlot(lb: LeaderboardResult): string {
  const { key, low, high, min, max } = lb.value;
  const rows = lb.rows.filter((r) => typeof r[key] === 'number' && Number.isFinite(r[key]));
  const data = rows.map((r) => ({ system: r.group === undefined ? String(r.system) : `${String(r.system)} · ${r.group as string}`, v: r[key] as number, lo: low ? (r[low] as number | null) : null, hi: high ? (r[high] as number | null) : null }));
  return render({
    marginLeft: Math.min(260, 8 + 6.5 * Math.max(...data.map((d) => d.system.length), 4)), height: 40 + 22 * data.length, width: 720,
    x: { domain: [Math.min(min, ...data.map((d) => d.lo ?? d.v)), Math.max(max, ...data.map((d) => d.hi ?? d.v))], grid: true, label: lb.columns.find((c) => c.key === key)?.label ?? key },
    y: { domain: data.map((d) => d.system), label: null },
    marks: [
      Plot.ruleY(data.filter((d) => d.lo !== null && d.hi !== null), { y: 'system', x1: 'lo', x2: 'hi', stroke: '#4c78a8', strokeWidth: 2 }),
      Plot.dot(data, { y: 'system', x: 'v', fill: '#1d2330', r: 3.5 }),
      ...(lb.baseline && (key.includes('win_rate') || key === 'score') ? [Plot.ruleX([50], { stroke: '#b42318', strokeDasharray: '4,3' })] : []),
    ],
  });
}

/** Win rate (and LC win rate) against average response length: where verbosity buys wins. */
export function lengthPlot(lb: LeaderboardResult): string | null {
  const pts = lb.rows.filter((r) => typeof r.avg_length === 'number' && typeof r.win_rate === 'number');
  if (pts.length < 2) return null;
  const data = pts.flatMap((r) => [
    { system: String(r.system), length: r.avg_length as number, value: r.win_rate as number, metric: 'win rate' },
    ...(typeof r.lc_win_rate === 'number' ? [{ system: String(r.system), length: r.avg_length as number, value: r.lc_win_rate, metric: 'LC win rate' }] : []),
  ]);
  return render({
    width: 720, height: 380, grid: true, color: { legend: true, domain: ['win rate', 'LC win rate'], range: ['#e45756', '#4c78a8'] },
    x: { label: 'average length (characters)' }, y: { label: 'win rate (%)', domain: [0, 100] },
    marks: [Plot.dot(data, { x: 'length', y: 'value', stroke: 'metric', fill: 'metric', r: 4, title: (d: { system: string }) => d.system }),
      Plot.text(data.filter((d) => d.metric === 'win rate'), { x: 'length', y: 'value', text: 'system', dy: -8, fontSize: 9 })],
  });
}

/** Heatmap of the predicted probability that the row system beats the column system. */
export function matrixPlot(matrix: { systems: string[]; p: number[][] }): string | null {
  if (matrix.systems.length < 2 || matrix.systems.length > 60) return null;
  const data = matrix.systems.flatMap((a, i) => matrix.systems.map((b, j) => ({ a, b, p: matrix.p[i][j] })));
  const w = Math.max(...matrix.systems.map((s) => s.length));
  return render({
    width: Math.min(1100, 160 + 6 * w + 34 * matrix.systems.length), height: 120 + 6 * w + 26 * matrix.systems.length,
    marginLeft: 10 + 6 * w, marginBottom: 10 + 5 * w, padding: 0.05,
    x: { domain: matrix.systems, tickRotate: -50, label: 'opponent' }, y: { domain: matrix.systems, label: null },
    color: { scheme: 'RdBu', domain: [0, 1], label: 'P(row beats column)' }, // (a ramp legend needs a canvas; the cells carry their values)
    marks: [Plot.cell(data, { x: 'b', y: 'a', fill: 'p' }), Plot.text(data, { x: 'b', y: 'a', text: (d: { p: number }) => d.p.toFixed(2), fontSize: 8 })],
  });
}

/** Per-category win rates against the baseline: systems × categories, coloured around 50%. */
export function categoryPlot(b: { categories: string[]; rows: { system: string; category: string; win_rate: number; n: number }[] }): string {
  const systems = [...new Set(b.rows.map((r) => r.system))];
  const w = Math.max(...systems.map((s) => s.length));
  return render({
    width: Math.min(1100, 200 + 6 * w + 80 * b.categories.length), height: 80 + 24 * systems.length, marginLeft: 10 + 6 * w, marginBottom: 60,
    x: { domain: b.categories, tickRotate: -20, label: null }, y: { domain: systems, label: null },
    color: { scheme: 'RdBu', domain: [0, 100] },
    marks: [Plot.cell(b.rows, { x: 'category', y: 'system', fill: 'win_rate' }),
      Plot.text(b.rows, { x: 'category', y: 'system', text: (d: { win_rate: number; n: number }) => `${d.win_rate.toFixed(0)}% (${d.n})`, fontSize: 9 })],
  });
}
