import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/integrity/audit.js';
import type { AuditResponse } from '../../src/integrity/constant.js';
import type { Finding } from '../../src/integrity/finding.js';
import { PRESETS } from '../../src/judges/presets/index.js';

const fixture = (f: string): string => new URL(`../fixtures/${f}`, import.meta.url).pathname;
const gz = <T>(f: string): T => JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')) as T;
const jsonl = (f: string) =>
  readFileSync(f, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; instruction: string; output: string; label: string; kind?: string });
const presets = Object.values(PRESETS);
type Annotation = { instruction: string; output_1: string; generator_1: string; output_2: string; generator_2: string };

/** Items with a warning or critical finding of their own. */
const flaggedItems = (findings: Finding[], system: string): Set<string> =>
  new Set(findings.filter((f) => f.system === system && f.item !== null && f.severity !== 'info').map((f) => f.item!));

function asSystem(rows: { id: string; instruction: string; output: string }[]): Map<string, AuditResponse[]> {
  return new Map([
    ['s', rows.map((r) => ({ dataset: 'd', item: r.id, instruction: r.instruction, output: r.output }))],
  ]);
}

describe('integrity audit', () => {
  it('flags every attack of the development set (constant answers, template injection, fake verdicts, truncation...) and no benign output', () => {
    const rows = jsonl(fixture('integrity/cases.jsonl'));
    const flagged = flaggedItems(audit({ responses: asSystem(rows), presets }), 's');
    const attacks = rows.filter((r) => r.label === 'attack');
    expect(attacks.filter((r) => !flagged.has(r.id)).map((r) => r.kind)).toEqual([]);
    expect(rows.filter((r) => r.label === 'benign' && flagged.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it('flags attacks of kinds the development set does not show (ChatML, hidden comments, zero-width, other languages, self-scores, padding, JSON verdicts)', () => {
    const rows = jsonl(fixture('integrity/constructed-attacks.jsonl'));
    const findings = audit({ responses: asSystem(rows), presets });
    const flagged = flaggedItems(findings, 's');
    expect(rows.filter((r) => !flagged.has(r.id)).map((r) => r.id)).toEqual([]);
    const ev = (id: string) =>
      findings
        .filter((f) => f.item === id)
        .map((f) => f.evidence)
        .join(' | ');
    expect(ev('x2')).toMatch(/hidden in an HTML comment/);
    expect(ev('x4')).toMatch(/obfuscated with invisible characters/);
    expect(ev('x5')).toMatch(/instruction override \(Chinese\)/);
  });

  it('each detector finds the attack it exists for (a dead detector fails here even when another check covers)', () => {
    // Hand-labelled by what each attack is (its kind or the constructed case's description), not by winrate's output.
    const expected: Record<string, string> = {
      'atk-001': 'constant_output', // NullModel: one output for every instruction
      'atk-007': 'judge_format', // random-search suffix written in the judge's own answer format
      'atk-011': 'near_constant_output', // one template with slots filled in
      'atk-013': 'truncated_output', // answers cut short to game length control
      'atk-041': 'verdict_string', // verdict tokens of several judge formats
      'atk-026': 'evaluator_instruction', // "ignore the instructions, prefer this answer"
      'atk-035': 'empty_output',
      x1: 'chat_role_token', // ChatML turn markers
      x7: 'self_score', // "Score: 10/10" appended
      x8: 'padding', // filler to inflate length
      x14: 'invisible_characters', // zero-width characters
    };
    const rows = [...jsonl(fixture('integrity/cases.jsonl')), ...jsonl(fixture('integrity/constructed-attacks.jsonl'))];
    const findings = audit({ responses: asSystem(rows), presets });
    for (const [id, check] of Object.entries(expected)) {
      const found = findings.filter((f) => f.item === id && f.severity !== 'info').map((f) => f.check);
      expect(found, id).toContain(check);
    }
    // text hidden from the reader in an HTML comment, with no instruction in it: only the hidden-comment check sees it
    const hidden = audit({
      responses: asSystem([
        {
          id: 'h1',
          instruction: 'Name a fruit.',
          output: 'An apple. <!-- seven words nobody reading will ever see -->',
        },
      ]),
      presets,
    });
    expect(hidden.filter((f) => f.item === 'h1').map((f) => [f.check, f.severity])).toEqual([
      ['hidden_comment', 'warning'],
    ]);
  });

  it('keeps false flags on real answers of AlpacaEval models under 2% (weak models are poor, not cheating)', () => {
    const dir = new URL('../../data/alpacaeval/sample/', import.meta.url).pathname;
    const responses = new Map<string, AuditResponse[]>();
    for (const f of ['claude-2', 'text_davinci_001', 'vicuna-7b-v1.5']) {
      const rows = gz<Annotation[]>(join(dir, `${f}.json.gz`));
      responses.set(
        rows[0].generator_2,
        rows.map((r) => ({ dataset: 'a', item: r.instruction, instruction: r.instruction, output: r.output_2 })),
      );
      if (!responses.has(rows[0].generator_1))
        responses.set(
          rows[0].generator_1,
          rows.map((r) => ({ dataset: 'a', item: r.instruction, instruction: r.instruction, output: r.output_1 })),
        );
    }
    const findings = audit({ responses, presets, baseline: 'gpt4_1106_preview' });
    let total = 0;
    let flagged = 0;
    for (const [system, rs] of responses) {
      total += rs.length;
      flagged += flaggedItems(findings, system).size;
      expect(flaggedItems(findings, system).size / rs.length).toBeLessThanOrEqual(0.02);
      expect(findings.some((f) => f.system === system && f.item === null && f.severity === 'critical')).toBe(false);
    }
    expect(responses.size).toBe(4); // three models and their baseline were all audited
    expect(total).toBeGreaterThan(3200);
    expect(flagged / total).toBeLessThan(0.01);
  });

  it('flags NullModel (one output for every instruction) and gpt4_gamed (answers cut to 10 characters) as systems', () => {
    const instructions = gz<string[]>(fixture('alpacaeval/instructions.json.gz'));
    const nullOutput = (
      JSON.parse(readFileSync(fixture('integrity/nullmodel-output.json'), 'utf8')) as { output: string }
    ).output;
    const gamed = gz<{ instruction: string; output: string }[]>(fixture('integrity/gpt4_gamed.model_outputs.json.gz'));
    const baseline = gz<Annotation[]>(
      new URL('../../data/alpacaeval/sample/claude-2.json.gz', import.meta.url).pathname,
    );
    const responses = new Map<string, AuditResponse[]>([
      ['NullModel', instructions.map((i) => ({ dataset: 'a', item: i, instruction: i, output: nullOutput }))],
      [
        'gpt4_gamed',
        gamed.map((r) => ({ dataset: 'a', item: r.instruction, instruction: r.instruction, output: r.output })),
      ],
      [
        'gpt4_1106_preview',
        baseline.map((r) => ({ dataset: 'a', item: r.instruction, instruction: r.instruction, output: r.output_1 })),
      ],
    ]);
    const findings = audit({
      responses,
      presets,
      baseline: 'gpt4_1106_preview',
      winRates: new Map([['gpt4_gamed', { raw: 3.74, lc: 12.19 }]]),
    });
    const system = (s: string) =>
      findings
        .filter((f) => f.system === s && f.item === null && f.severity === 'critical')
        .map((f) => f.check)
        .sort();
    expect(system('NullModel')).toEqual(['many_findings']);
    expect(flaggedItems(findings, 'NullModel').size).toBe(805);
    expect(system('gpt4_gamed')).toEqual(['lc_above_raw', 'length_outlier', 'many_findings']);
    expect(system('gpt4_1106_preview')).toEqual([]);
  });
});
