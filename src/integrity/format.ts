import { severityRank, type Finding, type Severity } from './finding.js';

/** Per system: the worst severity and how many outputs have a warning or critical finding. */
export function systemFlags(
  findings: Finding[],
): Map<string, { severity: Severity | null; outputs: number; critical: number }> {
  const out = new Map<string, { severity: Severity | null; outputs: Set<string>; critical: Set<string> }>();
  for (const f of findings) {
    let s = out.get(f.system);
    if (!s) out.set(f.system, (s = { severity: null, outputs: new Set(), critical: new Set() }));
    if (f.severity !== 'info' && (s.severity === null || severityRank(f.severity) > severityRank(s.severity)))
      s.severity = f.severity;
    if (f.item !== null && f.severity !== 'info') s.outputs.add(`${f.dataset}\u0000${f.item}`);
    if (f.item !== null && f.severity === 'critical') s.critical.add(`${f.dataset}\u0000${f.item}`);
  }
  return new Map(
    [...out].map(([k, v]) => [k, { severity: v.severity, outputs: v.outputs.size, critical: v.critical.size }]),
  );
}

/** The integrity flag shown in a leaderboard cell: "critical (805 outputs)", "warning (3 outputs)" or "". */
export function flagLabel(f: { severity: Severity | null; outputs: number } | undefined): string {
  if (!f || f.severity === null) return '';
  return `${f.severity}${f.outputs ? ` (${f.outputs} output${f.outputs === 1 ? '' : 's'})` : ''}`;
}

/** Findings as a terminal table or Markdown: one line per finding, systems first, then outputs. */
export function formatFindings(findings: Finding[], format: 'table' | 'md', minSeverity: Severity = 'warning'): string {
  const shown = findings.filter((f) => severityRank(f.severity) >= severityRank(minSeverity));
  const flags = systemFlags(findings);
  const lines: string[] = [];
  if (format === 'md') lines.push('| system | item | check | severity | evidence |', '|---|---|---|---|---|');
  for (const f of shown) {
    const item = f.item === null ? '(system)' : f.item.length > 40 ? `${f.item.slice(0, 37)}...` : f.item;
    if (format === 'md')
      lines.push(
        `| ${[f.system, item, f.check, f.severity, f.evidence].map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`,
      );
    else lines.push(`${f.severity.padEnd(8)} ${f.system}  ${item.replace(/\s+/g, ' ')}  ${f.check}: ${f.evidence}`);
  }
  const summary = [...flags].map(([s, f]) => `${s}: ${flagLabel(f) || 'no flags'}`).join('; ');
  lines.push('', `${shown.length} findings at ${minSeverity} or above (${findings.length} in all). ${summary}`);
  return `${lines.join('\n')}\n`;
}
