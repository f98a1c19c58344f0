import type { z } from 'zod';
import { InputError } from '../core/errors.js';

/**
 * Validates one input record against a zod schema; on failure throws an InputError naming the file, the
 * row and the first offending field, with what was expected and what was found.
 */
export function validateRow<T>(schema: z.ZodType<T>, value: unknown, file: string, row: number): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
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
