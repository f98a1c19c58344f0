#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { WinrateError } from '../core/errors.js';
import { onStoreUpgrade } from '../store/upgrade-notice.js';
import { visible } from './format/visible.js';
import { baseProgram, COMMANDS, registerCommands, registerSummaries, type CommandSummary } from './registry.js';

// `winrate study export | head -1`: the reader closed the pipe; what it wanted was printed, so stop quietly
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const program = baseProgram();
onStoreUpgrade((store, u) =>
  process.stderr.write(
    `winrate: upgraded store ${store} from schema version ${u.from}${u.legacy ? " (an early release's)" : ''} to ${u.to}\n`,
  ),
);

/** The command named on the command line (the first argument that is not a global option or its value). */
function commandName(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--db') i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

/** The commands' summary the build wrote next to this file (null when running from the sources). */
function manifest(): CommandSummary[] | null {
  try {
    return JSON.parse(readFileSync(new URL('./commands.json', import.meta.url), 'utf8')) as CommandSummary[];
  } catch {
    return null;
  }
}

const args = process.argv.slice(2);
let name = commandName(args);
if (name === 'help') name = args[args.indexOf('help') + 1] ?? undefined; // `winrate help leaderboard` needs leaderboard
// own keys only: `winrate toString` is an unknown command, not Object.prototype's method
const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : null;
const summaries = command ? null : manifest();
if (command) await registerCommands(program, [command]);
else if (summaries)
  registerSummaries(program, summaries); // top-level help, a bare `winrate`, an unknown command
else await registerCommands(program, Object.values(COMMANDS));

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode;
  else if (e instanceof WinrateError) {
    process.stderr.write(`winrate: error [${e.code}]: ${visible(e.message, true)}\n`);
    process.exitCode = e.exitCode;
  } else {
    process.stderr.write(`winrate: unexpected error: ${visible(e instanceof Error ? e.message : String(e), true)}\n`);
    process.exitCode = 2;
  }
}
