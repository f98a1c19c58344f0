#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { WinrateError } from '../core/errors.js';
import { withOptions } from './options.js';
import { onStoreUpgrade } from '../store/upgrade-notice.js';

const program = new Command('winrate')
  .description('Measure, check and reproduce win rates.')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError();
withOptions(program, ['db']);
onStoreUpgrade((store, u) => process.stderr.write(`winrate: upgraded store ${store} from schema version ${u.from}${u.legacy ? ' (an early release\'s)' : ''} to ${u.to}\n`));
type Registrar = (program: Command) => void;
/**
 * Each command's module, loaded on demand: a command loads only its own dependencies (start-up is most of a small
 * job's time). Top-level help, an unknown command or a bare `winrate` load them all.
 */
const COMMANDS: Record<string, () => Promise<Registrar>> = {
  init: async () => (await import('./commands/init.js')).registerInit,
  import: async () => (await import('./commands/import.js')).registerImport,
  leaderboard: async () => (await import('./commands/leaderboard.js')).registerLeaderboard,
  status: async () => (await import('./commands/status.js')).registerStatus,
  correlate: async () => (await import('./commands/correlate.js')).registerCorrelate,
  judge: async () => (await import('./commands/judge.js')).registerJudge,
  judges: async () => (await import('./commands/judges.js')).registerJudges,
  generate: async () => (await import('./commands/generate.js')).registerGenerate,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  report: async () => (await import('./commands/serve.js')).registerServe,
  study: async () => (await import('./commands/study.js')).registerStudy,
  sprt: async () => (await import('./commands/sprt.js')).registerSprt,
  plan: async () => (await import('./commands/plan.js')).registerPlan,
  games: async () => (await import('./commands/games.js')).registerGames,
  audit: async () => (await import('./commands/audit.js')).registerAudit,
  compare: async () => (await import('./commands/compare.js')).registerCompare,
  preferences: async () => (await import('./commands/preferences.js')).registerPreferences,
  'best-of-n': async () => (await import('./commands/preferences.js')).registerPreferences,
  copy: async () => (await import('./commands/copy.js')).registerCopy,
  worker: async () => (await import('./commands/worker.js')).registerWorker,
};

/** The command named on the command line (the first argument that is not a global option or its value). */
function commandName(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--db') i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

const name = commandName(process.argv.slice(2));
const wanted = name !== undefined && name in COMMANDS ? [COMMANDS[name]] : Object.values(COMMANDS);
const registered = new Set<Registrar>();
for (const load of wanted) {
  const register = await load();
  if (registered.has(register)) continue; // serve and report, preferences and best-of-n share a module
  registered.add(register);
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode;
  else if (e instanceof WinrateError) {
    process.stderr.write(`winrate: error [${e.code}]: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else {
    process.stderr.write(`winrate: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
