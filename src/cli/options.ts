import { InvalidArgumentError, Option, type Command } from 'commander';
import { METHOD_NAMES } from '../leaderboard/methods/lazy.js';

/** One CLI option: flag syntax, help text, allowed values, default, parser. The single source for flags. */
export interface OptionSpec {
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string | number | boolean;
  parse?: (value: string) => unknown;
  env?: string;
  /** May be given several times; the parsed values are collected in an array. */
  repeatable?: boolean;
}

const positiveInt =
  (name: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${name} must be a non-negative integer, got "${v}"`);
    return n;
  };

/** A commander parser for a finite number, with an error naming the flag. */
export const finiteNumber =
  (name: string) =>
  (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number, got "${v}"`);
    return n;
  };

function parseAnchor(v: string): { system: string; rating: number } {
  const i = v.lastIndexOf('=');
  const rating = Number(v.slice(i + 1));
  if (i <= 0 || !Number.isFinite(rating)) throw new InvalidArgumentError(`--anchor must be SYSTEM=RATING, got "${v}"`);
  return { system: v.slice(0, i), rating };
}

/** Every option of every command, by name. Commands pick theirs with {@link withOptions}. */
export const OPTIONS = {
  db: {
    flags: '--db <store>',
    description: 'store: a SQLite file (default .winrate/winrate.db) or a postgres:// URL',
    env: 'WINRATE_DB',
  },
  judge: {
    flags: '--judge <name>',
    description: 'judge whose comparisons to use (import: judge name for rows without one)',
  },
  dataset: { flags: '--dataset <name>', description: 'dataset the items belong to' },
  baseline: { flags: '--baseline <system>', description: 'baseline system (default: the most compared system)' },
  references: {
    flags: '--references',
    description:
      "the files are reference answers (FastChat's reference_answer/*.jsonl): they become the items' references",
  },
  system: {
    flags: '--system <name>',
    description: 'the system of a one-system file, replacing the file\'s name for it (e.g. NullModel for "example")',
  },
  format: {
    flags: '--format <format>',
    description: 'output format',
    choices: ['table', 'json', 'csv', 'md'],
    default: 'table',
  },
  method: {
    flags: '--method <method>',
    description: 'leaderboard method (README: "Leaderboard methods")',
    choices: METHOD_NAMES,
    default: 'lc',
  },
  bootstrap: {
    flags: '--bootstrap <rounds>',
    description:
      'bootstrap rounds for CIs (win rate: item bootstrap, default 0 = Wilson interval at the effective n; bt/arena-hard: default 100)',
    parse: positiveInt('--bootstrap'),
  },
  anchor: {
    flags: '--anchor <system=rating>',
    repeatable: true,
    parse: parseAnchor,
    description:
      'pin a rating (e.g. gpt-4-0314=1000); repeat it to hold several fixed (bot levels of known Elo) in bt and elo',
  },
  styleControl: { flags: '--style-control', description: 'control for response length and markdown (bt, arena-hard)' },
  k: {
    flags: '--k <chars>',
    description: 'WildBench length penalty K in characters (−1 disables)',
    default: 500,
    parse: finiteNumber('--k'),
  },
  eloK: { flags: '--elo-k <k>', description: 'K factor of online Elo', default: 4, parse: finiteNumber('--elo-k') },
  seed: { flags: '--seed <n>', description: 'random seed of the bootstrap', default: 0, parse: positiveInt('--seed') },
  jury: {
    flags: '--jury <mode>',
    description: 'combine several judges (--judge a,b or all) per comparison',
    choices: ['mean', 'majority'],
  },
  groupBy: {
    flags: '--group-by <group>',
    description: 'groups of the variants and groups methods: item category or judge (annotators)',
    choices: ['category', 'judge'],
  },
  alpacaLc: {
    flags: '--no-alpaca-lc',
    description: "fit LC without AlpacaEval's instruction difficulty and gamed rows",
  },
} satisfies Record<string, OptionSpec>;

/** The name of an option of the table (what a command lists to get it). */
export type OptionName = keyof typeof OPTIONS;

/** Adds the named options from {@link OPTIONS} to a command. */
export function withOptions(cmd: Command, names: OptionName[]): Command {
  for (const name of names) {
    const spec: OptionSpec = OPTIONS[name];
    const opt = new Option(spec.flags, spec.description);
    if (spec.choices) opt.choices(spec.choices);
    if (spec.default !== undefined && !spec.flags.startsWith('--no-')) opt.default(spec.default);
    const parse = spec.parse;
    if (parse && spec.repeatable)
      opt.argParser((v: string, prev: unknown) => [...((prev as unknown[] | undefined) ?? []), parse(v)]);
    else if (parse) opt.argParser(parse);
    if (spec.env) opt.env(spec.env);
    cmd.addOption(opt);
  }
  return cmd;
}
