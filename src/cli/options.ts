import { Option, type Command } from 'commander';

/** One CLI option: flag syntax, help text, allowed values, default, parser. The single source for flags. */
export interface OptionSpec {
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string | number | boolean;
  parse?: (value: string) => unknown;
  env?: string;
}

const positiveInt = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`);
  return n;
};

/** Every option of every command, by name. Commands pick theirs with {@link withOptions}. */
export const OPTIONS = {
  db: { flags: '--db <path>', description: 'store file (default .winrate/winrate.db)', env: 'WINRATE_DB' },
  judge: { flags: '--judge <name>', description: 'judge whose comparisons to use (import: judge name for rows without one)' },
  dataset: { flags: '--dataset <name>', description: 'dataset the items belong to' },
  baseline: { flags: '--baseline <system>', description: 'baseline system (default: the most compared system)' },
  format: { flags: '--format <format>', description: 'output format', choices: ['table', 'json', 'csv', 'md'], default: 'table' },
  bootstrap: { flags: '--bootstrap <rounds>', description: 'seeded item bootstrap for the win-rate CI (0 = normal interval)', default: 0, parse: positiveInt('--bootstrap') },
  seed: { flags: '--seed <n>', description: 'random seed of the bootstrap', default: 0, parse: positiveInt('--seed') },
  alpacaLc: { flags: '--no-alpaca-lc', description: "fit LC without AlpacaEval's instruction difficulty and gamed rows" },
} satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** Adds the named options from {@link OPTIONS} to a command. */
export function withOptions(cmd: Command, names: OptionName[]): Command {
  for (const name of names) {
    const spec: OptionSpec = OPTIONS[name];
    const opt = new Option(spec.flags, spec.description);
    if (spec.choices) opt.choices(spec.choices);
    if (spec.default !== undefined && !spec.flags.startsWith('--no-')) opt.default(spec.default);
    if (spec.parse) opt.argParser(spec.parse);
    if (spec.env) opt.env(spec.env);
    cmd.addOption(opt);
  }
  return cmd;
}
