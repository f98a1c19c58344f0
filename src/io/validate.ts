import type { z } from 'zod';
import { InputError } from '../core/errors.js';

/**
 * Validates one input record against a zod schema; on failure throws an InputError naming the file, the
 * row and the first offending field, with what was expected and what was found.
 */
export function validateRow<T>(schema: z.ZodType<T>, value: unknown, file: string, row: number): T {
  const r = schema.safeParse(value);
  if (r.success) {
    const bad = badText(r.data, []);
    if (bad)
      throw new InputError('INPUT_FIELD', `${bad.why} (got ${describe(bad.value)})`, {
        file,
        row,
        field: bad.path.join('.') || undefined,
      });
    return r.data;
  }
  const issue = r.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const found = field === undefined ? value : dig(value, issue.path);
  const got = found === undefined ? 'missing' : `got ${describe(found)}`;
  throw new InputError('INPUT_FIELD', `${issue.message} (${got})`, { file, row, field });
}

function dig(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * A found value as an error message shows it: its type and, for scalars, the value itself (numbers as written:
 * `Infinity` and `NaN` stay themselves, where JSON.stringify would print null).
 */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

/**
 * The first text of a record that no store can keep as it is: a NUL (PostgreSQL text refuses it; SQLite would keep
 * it, and the two backends would differ) or a lone UTF-16 surrogate (from a JSON escape like "\ud800": it is no
 * character, and would be stored changed).
 */
function badText(v: unknown, path: string[]): { path: string[]; value: string; why: string } | null {
  if (typeof v === 'string') {
    if (v.includes('\u0000')) return { path, value: v, why: 'text holds a NUL character' };
    if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v))
      return { path, value: v, why: 'text holds a lone UTF-16 surrogate (no character)' };
    return null;
  }
  if (v === null || typeof v !== 'object') return null;
  for (const [k, x] of Object.entries(v)) {
    const bad = badText(x, [...path, k]);
    if (bad) return bad;
  }
  return null;
}
