/** Options of {@link onlineElo}. */
export interface OnlineEloOptions {
  /** Update step (default 4, Chatbot Arena). */
  k?: number;
  /** Rating scale (default 400) and base (default 10). */
  scale?: number;
  base?: number;
  /** Starting rating (default 1000). */
  initial?: number;
  /** Ratings held fixed (anchors such as bots of known strength): only their opponents move. */
  fixed?: Map<number, number>;
}

/**
 * Sequential (online) Elo over comparisons in the given order (FastChat `compute_online_elo`):
 * Eₐ = 1 / (1 + base^((R_b − R_a)/scale)), R_a += K·(S_a − Eₐ), R_b −= K·(S_a − Eₐ), where S_a = P(a wins)
 * (½ for a tie); anchored ratings never move. Order-dependent by design; shown next to Bradley–Terry for comparison.
 */
export function onlineElo(
  nSystems: number,
  a: Int32Array,
  b: Int32Array,
  y: Float64Array,
  options: OnlineEloOptions = {},
): Float64Array {
  const k = options.k ?? 4;
  const scale = options.scale ?? 400;
  const base = options.base ?? 10;
  const r = new Float64Array(nSystems).fill(options.initial ?? 1000);
  const fixed = options.fixed ?? new Map<number, number>();
  for (const [s, rating] of fixed) r[s] = rating;
  for (let i = 0; i < a.length; i++) {
    const ra = r[a[i]];
    const rb = r[b[i]];
    const ea = 1 / (1 + base ** ((rb - ra) / scale));
    const delta = k * (y[i] - ea);
    if (!fixed.has(a[i])) r[a[i]] += delta;
    if (!fixed.has(b[i])) r[b[i]] -= delta;
  }
  return r;
}
