import type { Command } from 'commander';
import { ArgumentError, WinrateError } from '../../core/errors.js';
import { openStore } from '../../store/open.js';
import { severityRank, type Severity } from '../../integrity/finding.js';

interface AuditFlags {
  system?: string;
  judge?: string;
  dataset?: string;
  format: string;
  failOn?: string;
  config?: string;
  all?: boolean;
}

/** `winrate audit`: what inflates win rates, per output and per system; findings are stored for every leaderboard. */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description(
      'integrity audit: constant or judge-hijacking outputs, verdict strings, hidden instructions, padding, truncation, LC gaming',
    )
    .option('--system <name>', 'audit one system')
    .option('--judge <name>', 'judge whose comparisons give the win rates (LC vs raw check)')
    .option('--dataset <name>', 'restrict to one dataset')
    .option('-c, --config <file>', 'winrate.yaml whose custom judge templates outputs must not imitate')
    .option('--format <format>', 'table, json or md', 'table')
    .option('--all', 'also list info findings')
    .option('--fail-on <severity>', 'exit 6 when a finding of this severity (warning or critical) or worse is found')
    .action(async (f: AuditFlags) => {
      if (!['table', 'json', 'md'].includes(f.format))
        throw new ArgumentError(`--format must be table, json or md (got "${f.format}")`);
      if (f.failOn !== undefined && f.failOn !== 'warning' && f.failOn !== 'critical')
        throw new ArgumentError('--fail-on takes warning or critical');
      const [{ auditStore }, { formatFindings }] = await Promise.all([
        import('../../integrity/audit-store.js'),
        import('../../integrity/format.js'),
      ]);
      let presets;
      if (f.config) {
        const [{ readJudgeConfig }, { customPreset }] = await Promise.all([
          import('../../judges/config.js'),
          import('../../judges/presets/custom-preset.js'),
        ]);
        presets = (readJudgeConfig(f.config).templates ?? []).map(customPreset);
      }
      const store = openStore(program.opts<{ db?: string }>().db);
      try {
        const findings = await auditStore(store, { system: f.system, judge: f.judge, dataset: f.dataset, presets });
        process.stdout.write(
          f.format === 'json'
            ? `${JSON.stringify(findings, null, 2)}\n`
            : formatFindings(findings, f.format as 'table' | 'md', f.all ? 'info' : 'warning'),
        );
        const bar = f.failOn as Severity | undefined;
        const failing = bar ? findings.filter((x) => severityRank(x.severity) >= severityRank(bar)) : [];
        if (failing.length) {
          const systems = [...new Set(failing.map((x) => x.system))];
          throw new WinrateError(
            'AUDIT_FAILED',
            `${failing.length} findings at ${bar} or above (systems: ${systems.join(', ')})`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
