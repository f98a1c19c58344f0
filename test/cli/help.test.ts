import { describe, expect, it } from 'vitest';
import { baseProgram, COMMANDS, registerCommands } from '../../src/cli/registry.js';
import { runCli } from '../helpers/cli.js';

/** The top-level help with every command's module loaded, 80 columns wide (what a pipe gets). */
async function fullHelp(): Promise<string> {
  const program = baseProgram();
  await registerCommands(program, Object.values(COMMANDS));
  program.configureOutput({ getOutHelpWidth: () => 80 });
  return program.helpInformation();
}

describe('top-level help', () => {
  it("prints from the build's command summary exactly what it prints with every command loaded", async () => {
    const want = await fullHelp();
    expect(want).toMatch(/leaderboard \[options\] +leaderboard of the systems/);
    expect(want.match(/^ {2}[a-z-]+/gm)?.length).toBeGreaterThanOrEqual(Object.keys(COMMANDS).length);
    for (const args of [['--help'], ['help']]) {
      const r = runCli(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(want);
    }
    // an unknown command: commander's suggestion from the summary, the help after it, and the usage exit code
    const typo = runCli(['leaderbord']);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain("error: unknown command 'leaderbord'\n(Did you mean leaderboard?)");
    expect(typo.stderr).toContain(want);
    // `help COMMAND` and `COMMAND --help` load the command itself: its options are listed
    expect(runCli(['help', 'leaderboard']).stdout).toContain('--method <method>');
    expect(runCli(['leaderboard', '--help']).stdout).toContain('--method <method>');
  });
});
