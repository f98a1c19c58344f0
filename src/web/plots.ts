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
  const data = rows.map((r) => ({
    system: r.group === undefined ? String(r.system) : `${String(r.system)} · ${r.group as string}`,
    v: r[key] as number,
    lo: low ? (r[low] as number | null) : null,
    hi: high ? (r[high] as number | null) : null,
  }));
  return render({
    marginLeft: Math.min(280, 20 + 6.5 * Math.max(...data.map((d) => d.system.length), 4)),
    height: 40 + 22 * data.length,
    width: 720,
    x: {
      domain: [Math.min(min, ...data.map((d) => d.lo ?? d.v)), Math.max(max, ...data.map((d) => d.hi ?? d.v))],
      grid: true,
      label: lb.columns.find((c) => c.key === key)?.label ?? key,
    },
    y: { domain: data.map((d) => d.system), label: null },
    marks: [
      Plot.ruleY(
        data.filter((d) => d.lo !== null && d.hi !== null),
        { y: 'system', x1: 'lo', x2: 'hi', stroke: '#4c78a8', strokeWidth: 2 },
      ),
      Plot.dot(data, { y: 'system', x: 'v', fill: '#1d2330', r: 3.5 }),
      ...(lb.baseline && (key.includes('win_rate') || key === 'score')
        ? [Plot.ruleX([50], { stroke: '#b42318', strokeDasharray: '4,3' })]
        : []),
    ],
  });
}

/** Win rate (and LC win rate) against average response length: where verbosity buys wins. */
export function lengthPlot(lb: LeaderboardResult): string | null {
  const pts = lb.rows.filter((r) => typeof r.avg_length === 'number' && typeof r.win_rate === 'number');
  if (pts.length < 2) return null;
  const data = pts.flatMap((r) => [
    { system: String(r.system), length: r.avg_length as number, value: r.win_rate as number, metric: 'win rate' },
    ...(typeof r.lc_win_rate === 'number'
      ? [{ system: String(r.system), length: r.avg_length as number, value: r.lc_win_rate, metric: 'LC win rate' }]
      : []),
  ]);
  return render({
    width: 720,
    height: 380,
    grid: true,
    color: { legend: true, domain: ['win rate', 'LC win rate'], range: ['#e45756', '#4c78a8'] },
    x: { label: 'average length (characters)' },
    y: { label: 'win rate (%)', domain: [0, 100] },
    marks: [
      Plot.dot(data, {
        x: 'length',
        y: 'value',
        stroke: 'metric',
        fill: 'metric',
        r: 4,
        title: (d: { system: string }) => d.system,
      }),
      Plot.text(
        labelled(
          data.filter((d) => d.metric === 'win rate'),
          720,
          380,
        ),
        { x: 'length', y: 'value', text: 'system', dy: -8, fontSize: 9 },
      ),
    ],
  });
}

/**
 * The points whose labels can be drawn without overlapping (greedy, highest value first, on approximate pixel
 * boxes of a 9-px label above each point); the others keep their dot and tooltip, and the table names them all.
 */
export function labelled<T extends { system: string; length: number; value: number }>(
  points: T[],
  width: number,
  height: number,
): T[] {
  const xs = points.map((p) => p.length);
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const px = (x: number): number => 40 + ((x - lo) / (hi - lo || 1)) * (width - 60);
  const py = (y: number): number => 20 + (1 - y / 100) * (height - 50);
  const boxes: [number, number, number, number][] = [];
  const kept: T[] = [];
  for (const p of [...points].sort((a, b) => b.value - a.value)) {
    const w = 5.4 * p.system.length;
    const box: [number, number, number, number] = [
      px(p.length) - w / 2,
      py(p.value) - 19,
      px(p.length) + w / 2,
      py(p.value) - 8,
    ];
    if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
    boxes.push(box);
    kept.push(p);
  }
  return kept;
}

/** Heatmap of the predicted probability that the row system beats the column system. */
export function matrixPlot(matrix: { systems: string[]; p: (number | null)[][] }): string | null {
  if (matrix.systems.length < 2 || matrix.systems.length > 60) return null;
  // pairs of groups that never met have no prediction: their cells stay empty
  const data = matrix.systems.flatMap((a, i) =>
    matrix.systems.flatMap((b, j) => {
      const p = matrix.p[i][j];
      return p === null ? [] : [{ a, b, p }];
    }),
  );
  const w = Math.max(...matrix.systems.map((s) => s.length));
  return render({
    width: Math.min(1100, 160 + 6 * w + 34 * matrix.systems.length),
    height: 120 + 6 * w + 26 * matrix.systems.length,
    marginLeft: 20 + 6.5 * w,
    marginBottom: 36 + 5.5 * w,
    padding: 0.05,
    x: { domain: matrix.systems, tickRotate: -50, label: 'opponent' },
    y: { domain: matrix.systems, label: null },
    color: MATRIX_COLOR, // (a ramp legend needs a canvas; the cells carry their values)
    marks: [
      Plot.cell(data, { x: 'b', y: 'a', fill: 'p' }),
      Plot.text(data, {
        x: 'b',
        y: 'a',
        text: (d: { p: number }) => d.p.toFixed(2),
        fontSize: 8,
        fill: (d: { p: number }) => textOn(MATRIX_COLOR, d.p),
      }),
    ],
  });
}

/** Per-category win rates against the baseline: systems × categories, coloured around 50%. */
export function categoryPlot(b: {
  categories: string[];
  rows: { system: string; category: string; win_rate: number; n: number }[];
}): string {
  const systems = [...new Set(b.rows.map((r) => r.system))];
  const w = Math.max(...systems.map((s) => s.length));
  return render({
    width: Math.min(1100, 200 + 6 * w + 80 * b.categories.length),
    height: 80 + 24 * systems.length,
    marginLeft: 20 + 6.5 * w,
    marginBottom: 60,
    x: { domain: b.categories, tickRotate: -20, label: null },
    y: { domain: systems, label: null },
    color: CATEGORY_COLOR,
    marks: [
      Plot.cell(b.rows, { x: 'category', y: 'system', fill: 'win_rate' }),
      Plot.text(b.rows, {
        x: 'category',
        y: 'system',
        text: (d: { win_rate: number; n: number }) => `${d.win_rate.toFixed(0)}% (${d.n})`,
        fontSize: 9,
        fill: (d: { win_rate: number }) => textOn(CATEGORY_COLOR, d.win_rate),
      }),
    ],
  });
}

/** Diverging colour of win probabilities: red below ½, white at ½, blue above. */
const MATRIX_COLOR = {
  type: 'diverging',
  scheme: 'RdBu',
  pivot: 0.5,
  domain: [0, 1],
  label: 'P(row beats column)',
} as const;
/** The same around 50% for per-category win rates. */
const CATEGORY_COLOR = { type: 'diverging', scheme: 'RdBu', pivot: 50, domain: [0, 100] } as const;

/**
 * Text colour readable on a cell of the given colour scale at value v: white on dark cells, dark on light ones, by
 * the cell's relative luminance (WCAG 2.x; the crossing point 0.18 balances the contrast of the two choices).
 */
export function textOn(color: Plot.ScaleOptions, v: number): string {
  let scale = scales.get(color);
  if (!scale) scales.set(color, (scale = Plot.scale({ color })));
  const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(String(scale.apply(v)));
  if (!m) return '#1d2330';
  const lin = (c: number): number => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const lum = 0.2126 * lin(Number(m[1])) + 0.7152 * lin(Number(m[2])) + 0.0722 * lin(Number(m[3]));
  return lum < 0.18 ? 'white' : '#1d2330';
}

const scales = new Map<Plot.ScaleOptions, ReturnType<typeof Plot.scale>>();
