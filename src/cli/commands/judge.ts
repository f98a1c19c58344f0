import type { Command } from 'commander';
import { WinrateError } from '../../core/errors.js';
import { importFiles } from '../../io/import-files.js';
import { readJudgeConfig, validateJudgeConfig, type JudgeConfig } from '../../judges/config.js';
import { planJudging } from '../../judges/plan.js';
import type { RunProgress } from '../../judges/run.js';
import { judgeProgress } from '../judge-progress.js';
import { budgetRaise, judgingOutcome, summaryLine, withMaxCost } from '../judge-outcome.js';
import { decisionLines, deciderFor, shuffleItems } from '../until-decided-cli.js';
import { ArgumentError } from '../../core/errors.js';
import { openStore } from '../../store/open.js';
import { judgeBaselineKey } from '../../core/settings.js';

interface JudgeFlags {
  config?: string;
  preset?: string;
  provider?: string;
  model?: string;
  baseUrl?: string;
  name?: string;
  concurrency?: string;
  baseline?: string;
  outputs?: string[];
  orders?: string;
  maxCost?: string;
  retryFailed?: boolean;
  dataset?: string;
  untilDecided?: string | boolean;
  enqueue?: boolean;
  wait?: boolean;
  queue: string;
  lease: string;
}

/** `--until-decided [sprt[:ELO0,ELO1[,ALPHA,BETA]] | ci:WIDTH]` → the config's `until_decided`. */
function parseUntilDecided(v: string | boolean): Record<string, unknown> {
  if (v === true || v === 'sprt') return { rule: 'sprt' };
  const [rule, args = ''] = String(v).split(':');
  const nums = args.split(',').filter(Boolean).map(Number);
  if (rule === 'sprt' && nums.length >= 2 && nums.every(Number.isFinite))
    return { rule, elo0: nums[0], elo1: nums[1], ...(nums.length === 4 ? { alpha: nums[2], beta: nums[3] } : {}) };
  if (rule === 'ci' && nums.length === 1 && nums[0] > 0) return { rule, width: nums[0] };
  throw new ArgumentError(`--until-decided takes sprt, sprt:ELO0,ELO1[,ALPHA,BETA] or ci:WIDTH (got "${String(v)}")`);
}

/** Config from the file, with flags layered on top (flags win). */
function configFrom(f: JudgeFlags): JudgeConfig {
  const raw = (f.config ? readJudgeConfig(f.config) : {}) as Record<string, unknown>;
  const judge = { ...(raw.judge as Record<string, unknown> | undefined) };
  if (f.preset) judge.preset = f.preset;
  if (f.provider) judge.provider = f.provider;
  if (f.model) judge.model = f.model;
  if (f.baseUrl) judge.base_url = f.baseUrl;
  if (f.name) judge.name = f.name;
  if (f.concurrency) judge.concurrency = Number(f.concurrency);
  const merged: Record<string, unknown> = { ...raw, ...(Object.keys(judge).length ? { judge } : {}) };
  if (f.baseline) merged.baseline = f.baseline;
  if (f.outputs) merged.outputs = f.outputs;
  if (f.orders) merged.orders = f.orders;
  if (f.maxCost) merged.max_cost = Number(f.maxCost);
  if (f.dataset) merged.dataset = f.dataset;
  if (f.untilDecided !== undefined && f.untilDecided !== false)
    merged.until_decided = parseUntilDecided(f.untilDecided);
  return validateJudgeConfig(merged, f.config ?? 'flags');
}

/** `winrate judge`: LLM-as-a-judge over the store's responses, cached, resumable, with a progress bar. */
export function registerJudge(program: Command): void {
  program
    .command('judge')
    .description('judge responses with an LLM (any OpenAI-compatible endpoint or Anthropic); resumable and cached')
    .option('-c, --config <file>', 'winrate.yaml (schema: schema/winrate.schema.json)')
    .option('--preset <name>', 'judging protocol')
    .option(
      '--provider <name>',
      'openai (any compatible endpoint), anthropic, or scorer (an HTTP preference/reward model)',
    )
    .option('--model <model>', 'judge model')
    .option('--base-url <url>', 'endpoint base URL')
    .option('--name <name>', 'judge name in the store')
    .option('--concurrency <n>', 'parallel requests')
    .option('--baseline <system>', 'pairwise baseline')
    .option('--outputs <files...>', 'AlpacaEval model_outputs files to import first')
    .option('--orders <orders>', 'both, first or random')
    .option('--max-cost <usd>', 'stop sending requests past this spend')
    .option('--dataset <name>', 'dataset of the items')
    .option('--retry-failed', 'ask again for judgments stored as parse failures')
    .option(
      '--until-decided [rule]',
      'stop asking about a system once decided: sprt (default [-20, 20] Elo), sprt:ELO0,ELO1[,ALPHA,BETA] or ci:WIDTH',
    )
    .option(
      '--enqueue',
      'PostgreSQL store: queue one job per judgment for `winrate worker` processes instead of judging here',
    )
    .option('--wait', "with --enqueue: show the queue's progress until every job is done, failed or stopped")
    .option('--queue <name>', 'queue of --enqueue', 'winrate-judge')
    .option('--lease <seconds>', 'with --enqueue: how long a worker may hold a job before another takes it over', '600')
    .action(async (f: JudgeFlags) => {
      const config = configFrom(f);
      if (f.enqueue || f.wait) {
        const { enqueueCommand } = await import('../judge-enqueue.js');
        await enqueueCommand(program.opts<{ db?: string }>().db, config, f);
        return;
      }
      const [{ buildJudges }, { runJudging }] = await Promise.all([
        import('../../judges/build.js'),
        import('../../judges/run.js'),
      ]);
      const judges = buildJudges(config);
      const store = openStore(program.opts<{ db?: string }>().db);
      const interrupt = new AbortController();
      const onSigint = (): void => {
        if (interrupt.signal.aborted) process.exit(130);
        process.stderr.write(
          '\nwinrate: interrupted: no new requests; storing the answers in flight (Ctrl-C again to quit now)\n',
        );
        interrupt.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const dataset = config.dataset ?? (config.outputs.length ? 'alpaca_eval' : undefined);
        if (config.outputs.length) await importFiles(store, 'alpaca-eval', config.outputs, { dataset });
        const inputs = await store.judgingInputs(dataset);
        // The leaderboards of these judges default to the config's baseline.
        const pairwise = judges.filter((j) => j.preset.kind === 'pairwise');
        if (config.baseline && pairwise.length) {
          await store.importBatch({
            items: [],
            responses: [],
            comparisons: [],
            settings: Object.fromEntries(pairwise.map((j) => [judgeBaselineKey(j.name), config.baseline!])),
          });
        }
        const results: { name: string; r: RunProgress }[] = [];
        for (const judge of judges) {
          if (interrupt.signal.aborted) break;
          let tasks = planJudging(inputs, {
            kind: judge.preset.kind,
            baseline: config.baseline,
            systems: config.systems,
            orders: config.orders,
            samples: config.samples,
            seed: config.seed,
            multiTurn: judge.preset.kind === 'grade' && judge.preset.multiTurn,
          });
          const untilDecided =
            config.until_decided && judge.preset.kind === 'pairwise'
              ? deciderFor(config.until_decided, config.orders)
              : undefined;
          if (untilDecided) tasks = shuffleItems(tasks, config.seed);
          const progress = judgeProgress(judge.name, tasks.length);
          let r: RunProgress;
          try {
            r = await runJudging(store, judge, tasks, {
              maxCost: config.max_cost,
              prices: config.prices,
              retryFailed: f.retryFailed,
              retry: { retries: config.retries, baseMs: 500, maxMs: 30_000 },
              onProgress: progress.update,
              signal: interrupt.signal,
              untilDecided,
              exactPrompts: config.exact_prompts,
            });
          } finally {
            progress.stop();
          }
          process.stderr.write(`${summaryLine(judge.name, r)}\n`);
          if (r.errors && r.lastError) process.stderr.write(`  last error: ${r.lastError}\n`);
          if (untilDecided) process.stderr.write(`${decisionLines(untilDecided, r)}\n`);
          results.push({ name: judge.name, r });
        }
        const outcome = judgingOutcome(results, interrupt.signal.aborted);
        // after a budget stop, the same command would stop again at once: say what raising it buys, with that cap
        const raise = outcome?.code === 'BUDGET_EXHAUSTED' ? budgetRaise(results) : null;
        if (outcome)
          throw new WinrateError(
            outcome.code,
            outcome.code === 'ALL_UNPARSED'
              ? outcome.message
              : raise
                ? `${outcome.message}; ${raise.text}; resume with: ${resumeCommand(raise.maxCost)}`
                : `${outcome.message}; resume with: ${resumeCommand()}`,
          );
      } finally {
        process.off('SIGINT', onSigint);
        await store.close();
      }
    });
}

/** The command line that resumes this run (stored judgments are skipped), with `--max-cost` raised when given. */
function resumeCommand(maxCost?: number): string {
  const args = process.argv.slice(2);
  return ['winrate', ...(maxCost === undefined ? args : withMaxCost(args, maxCost))]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`))
    .join(' ');
}
