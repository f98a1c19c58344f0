import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.js';
import type { ImportBatch } from '../store/store.js';
import { readRecords } from './records.js';
import { describe } from './validate.js';

/**
 * Reads preference pairs (CSV or JSONL, optionally gzipped): `prompt` (or `instruction`), `chosen`, `rejected`,
 * optional `id`, `subset` (stored as the item's category) and scores of the two responses:
 * `chosen_score, rejected_score` from a reward model (judge `model` or `--judge`, default `reward-model`),
 * `chosen_logp, rejected_logp` (a policy's log-likelihoods; judge `logp:POLICY`, `policy` field, default `policy`),
 * `chosen_ref_logp, rejected_ref_logp` (the reference model's; judge `logp:REFERENCE`, `reference` field, default
 * `reference`), and `preference_prob`, the share of raters preferring the chosen response (a comparison judged by
 * `preference`). Each pair is an item with the responses of systems `chosen` and `rejected`; scores are grades.
 */
export function readPreferencesFile(file: string, options: { judge?: string; dataset?: string } = {}): ImportBatch {
  const { rows } = readRecords(file);
  const dataset = options.dataset ?? 'preferences';
  const batch: ImportBatch = { items: [], responses: [], comparisons: [], grades: [] };
  for (const { row, value } of rows) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new InputError('INPUT_FIELD', 'expected an object', { file, row });
    const r = value as Record<string, unknown>;
    const text = (field: string, required = true): string | null => {
      const v = r[field];
      if (typeof v === 'string' && v !== '') return v;
      if (v === undefined || v === null || v === '') {
        if (required) throw new InputError('INPUT_FIELD', 'missing text', { file, row, field });
        return null;
      }
      throw new InputError('INPUT_FIELD', `expected a string (got ${describe(v)})`, { file, row, field });
    };
    const num = (field: string): number | null => {
      const v = r[field];
      if (v === undefined || v === null || v === '') return null;
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n))
        throw new InputError('INPUT_FIELD', `expected a number (got ${describe(v)})`, { file, row, field });
      return n;
    };
    const prompt = text(r.prompt !== undefined ? 'prompt' : 'instruction')!;
    const chosen = text('chosen')!;
    const rejected = text('rejected')!;
    const given = typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : '';
    const id =
      given !== ''
        ? given
        : createHash('sha256')
            .update(JSON.stringify([prompt, chosen, rejected]))
            .digest('hex')
            .slice(0, 16);
    batch.items.push({ dataset, key: id, instruction: prompt, category: text('subset', false) });
    batch.responses.push(
      { dataset, itemKey: id, system: 'chosen', output: chosen },
      { dataset, itemKey: id, system: 'rejected', output: rejected },
    );
    const pairs: [string, string, string][] = [
      ['chosen_score', 'rejected_score', text('model', false) ?? options.judge ?? 'reward-model'],
      ['chosen_logp', 'rejected_logp', `logp:${text('policy', false) ?? 'policy'}`],
      ['chosen_ref_logp', 'rejected_ref_logp', `logp:${text('reference', false) ?? 'reference'}`],
    ];
    for (const [c, j, judge] of pairs) {
      const [sc, sj] = [num(c), num(j)];
      if ((sc === null) !== (sj === null))
        throw new InputError('INPUT_FIELD', `give both ${c} and ${j}`, { file, row, field: sc === null ? c : j });
      if (sc === null || sj === null) continue;
      batch.grades!.push(
        { dataset, itemKey: id, system: 'chosen', judge, turn: 1, score: sc },
        { dataset, itemKey: id, system: 'rejected', judge, turn: 1, score: sj },
      );
    }
    const p = num('preference_prob');
    if (p !== null) {
      if (p < 0 || p > 1)
        throw new InputError('INPUT_FIELD', `preference_prob must be in [0, 1] (got ${p})`, {
          file,
          row,
          field: 'preference_prob',
        });
      batch.comparisons.push({
        dataset,
        itemKey: id,
        systemA: 'chosen',
        systemB: 'rejected',
        judge: 'preference',
        shownFirst: null,
        sample: 0,
        status: 'ok',
        pA: p,
        label: String(p),
      });
    }
  }
  return batch;
}
