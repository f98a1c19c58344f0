/** One result object as aligned `key  value` lines (numbers to 6 significant digits), for single-answer commands. */
export function recordLines(r: Record<string, unknown>): string {
  const w = Math.max(...Object.keys(r).map((k) => k.length));
  const show = (v: unknown): string =>
    typeof v === 'number'
      ? Number.isInteger(v)
        ? String(v)
        : Number(v.toPrecision(6)).toString()
      : Array.isArray(v)
        ? v.join(', ')
        : String(v);
  return `${Object.entries(r)
    .map(([k, v]) => `${k.padEnd(w)}  ${show(v)}`)
    .join('\n')}\n`;
}
