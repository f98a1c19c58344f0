import type { Preset } from '../judges/presets/preset.js';
import { constantGroups, isRefusal, type AuditResponse } from './constant.js';
import { quote, severityRank, type Finding, type Severity } from './finding.js';
import { templateMarkers } from './judge-markers.js';
import { checkOutput } from './output-checks.js';
import { contentWords } from './text.js';

/** What the audit looks at: every system's responses, and where known its raw and LC win rates and the baseline. */
export interface AuditInput {
  responses: Map<string, AuditResponse[]>;
  /** Per system: raw and length-controlled win rate in percent against `baseline`. */
  winRates?: Map<string, { raw: number; lc: number }>;
  baseline?: string | null;
  /** Judge presets whose templates outputs must not imitate (built-in and custom). */
  presets: Preset[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/**
 * The integrity audit (README "Integrity audit"): per output, {@link checkOutput}; across a system's outputs,
 * the same or nearly the same text for different instructions; per system, LC far above the raw win rate
 * (AlpacaEval's own warning sign), a length distribution far from the baseline's, and many critical findings.
 * Pure: the caller reads the store and stores the findings.
 */
export function audit(input: AuditInput): Finding[] {
  const markers = templateMarkers(input.presets);
  const findings: Finding[] = [];
  const medians = new Map([...input.responses].map(([s, rs]) => [s, median(rs.map((r) => [...r.output].length))]));
  for (const [system, responses] of input.responses) {
    const own: Finding[] = [];
    for (const r of responses) {
      for (const f of checkOutput(r.output, r.instruction, markers))
        own.push({ system, dataset: r.dataset, item: r.item, ...f });
      const iw = contentWords(r.instruction);
      const ow = contentWords(r.output);
      if (iw.size >= 3 && ow.size >= 15 && ![...iw].some((w) => ow.has(w))) {
        own.push({
          system,
          dataset: r.dataset,
          item: r.item,
          check: 'unrelated_output',
          severity: 'info',
          evidence: 'shares no content word with its instruction',
        });
      }
    }
    const { exact, near } = constantGroups(responses);
    for (const [groups, check, what] of [
      [exact, 'constant_output', 'the same output'],
      [near, 'near_constant_output', 'nearly the same output'],
    ] as const) {
      for (const g of groups) {
        const severity: Severity = isRefusal(g[0].output)
          ? 'info'
          : check === 'constant_output'
            ? 'critical'
            : 'warning';
        for (const r of g) {
          own.push({
            system,
            dataset: r.dataset,
            item: r.item,
            check,
            severity,
            evidence: `${what} for ${new Set(g.map((x) => x.instruction)).size} different instructions: ${quote(r.output)}`,
          });
        }
      }
    }
    findings.push(...own, ...systemFindings(system, responses.length, own, medians, input));
  }
  return findings.sort(
    (a, b) =>
      a.system.localeCompare(b.system) ||
      severityRank(b.severity) - severityRank(a.severity) ||
      (a.item ?? '').localeCompare(b.item ?? ''),
  );
}

function systemFindings(
  system: string,
  n: number,
  own: Finding[],
  medians: Map<string, number>,
  input: AuditInput,
): Finding[] {
  const out: Finding[] = [];
  const add = (check: Finding['check'], severity: Severity, evidence: string): number =>
    out.push({ system, dataset: null, item: null, check, severity, evidence });
  const items = (min: Severity): number =>
    new Set(own.filter((f) => severityRank(f.severity) >= severityRank(min)).map((f) => `${f.dataset}\u0000${f.item}`))
      .size;
  const critical = items('critical');
  const flagged = items('warning');
  const share = (k: number): string => `${k} of ${n} outputs (${((100 * k) / n).toFixed(1)}%)`;
  if (n > 0 && (critical >= 0.1 * n || critical >= 40))
    add('many_findings', 'critical', `${share(critical)} have a critical finding`);
  else if (n > 0 && flagged >= 0.3 * n && flagged >= 10)
    add('many_findings', 'critical', `${share(flagged)} are flagged`);
  else if (n > 0 && critical >= 3 && critical >= 0.02 * n)
    add('many_findings', 'warning', `${share(critical)} have a critical finding`);
  else if (n > 0 && flagged >= 0.1 * n && flagged >= 5)
    add('many_findings', 'warning', `${share(flagged)} are flagged`);
  const others = [...medians].filter(([s]) => s !== system).map(([, m]) => m);
  const reference =
    input.baseline && input.baseline !== system && medians.has(input.baseline)
      ? medians.get(input.baseline)!
      : median(others);
  const mine = medians.get(system)!;
  const ratio = mine / reference;
  const lengthOff = Number.isFinite(ratio) && reference > 0 && (ratio < 0.2 || ratio > 5);
  if (lengthOff) {
    add(
      'length_outlier',
      ratio < 0.05 || ratio > 20 ? 'critical' : 'warning',
      `median output length ${Math.round(mine)} characters vs ${Math.round(reference)} for ${input.baseline && input.baseline !== system ? `the baseline ${input.baseline}` : 'the other systems'} (×${ratio.toFixed(2)})`,
    );
  }
  const wr = input.winRates?.get(system);
  if (wr && wr.lc - wr.raw >= 5 && wr.lc >= 2 * wr.raw) {
    const gamed = lengthOff && ratio < 0.05;
    add(
      'lc_above_raw',
      gamed ? 'critical' : 'warning',
      `length-controlled win rate ${wr.lc.toFixed(1)}% far above the raw ${wr.raw.toFixed(1)}%${gamed ? " with outputs 20× shorter than the baseline's: length control is being gamed" : ''}`,
    );
  }
  return out;
}
