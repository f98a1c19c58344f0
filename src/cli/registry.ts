import { Command } from 'commander';
import { withOptions } from './options.js';

/** Adds one command (or a few sharing a module) to the program. */
export type Registrar = (program: Command) => void;

/**
 * Each command's module, loaded on demand: a command loads only its own dependencies (start-up is most of a small
 * job's time). Top-level help reads the commands' summary from the manifest the build writes
 * ({@link commandManifest}) instead of loading them all.
 */
export const COMMANDS: Record<string, () => Promise<Registrar>> = {
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

/** The program with its global options and no commands yet. */
export function baseProgram(): Command {
  const program = new Command('winrate')
    .description('Measure, check and reproduce win rates.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  withOptions(program, ['db']);
  return program;
}

/** Registers the given commands' modules (each module once: serve and report share one, as do two others). */
export async function registerCommands(program: Command, loaders: (() => Promise<Registrar>)[]): Promise<void> {
  const registered = new Set<Registrar>();
  for (const load of loaders) {
    const register = await load();
    if (registered.has(register)) continue;
    registered.add(register);
    register(program);
  }
}

/** A command as the top-level help lists it: its name, its term ("name [options] <args>") and its description. */
export interface CommandSummary {
  name: string;
  term: string;
  description: string;
}

/** The summary of every command of a fully registered program, in the help's order (what the build writes). */
export function commandManifest(program: Command): CommandSummary[] {
  const help = program.createHelp();
  return help
    .visibleCommands(program)
    .filter((c) => c.name() !== 'help')
    .map((c) => ({ name: c.name(), term: help.subcommandTerm(c), description: help.subcommandDescription(c) }));
}

/**
 * Registers each command by its summary alone (name and description, no options or action): all that the top-level
 * help (the same text as with the commands loaded, wrapped the same), a bare `winrate` and an unknown command's
 * "did you mean" read. A command that runs is always registered from its module instead (main.ts).
 */
export function registerSummaries(program: Command, summaries: CommandSummary[]): void {
  const terms = new Map(summaries.map((s) => [s.name, s.term]));
  for (const s of summaries) program.command(s.name).description(s.description);
  program.configureHelp({ subcommandTerm: (c) => terms.get(c.name()) ?? `${c.name()} [command]` });
}
