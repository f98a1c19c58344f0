import { describe, expect, it } from 'vitest';
import { sprtCharacteristics } from '../../src/stats/sprt-plan.js';
import { runCli, tempDir } from '../helpers/cli.js';

describe('winrate plan and winrate sprt on the command line', () => {
  it("prints fishtest's SPRT characteristics and the games a CI width needs", () => {
    const dir = tempDir();
    const r = runCli(
      [
        'plan',
        '--elo0',
        '0',
        '--elo1',
        '2',
        '--draw-ratio',
        '0.49',
        '--rms-bias',
        '191',
        '--elo-model',
        'normalized',
        '--format',
        'json',
      ],
      { cwd: dir },
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as ReturnType<typeof sprtCharacteristics>;
    expect(out).toEqual(
      JSON.parse(
        JSON.stringify(sprtCharacteristics({ elo0: 0, elo1: 2, drawRatio: 0.49, rmsBias: 191, model: 'normalized' })),
      ),
    );
    expect(out.points[1].pass_probability).toBeCloseTo(0.05, 12); // at H0 the test passes with probability α
    expect(out.points[3].pass_probability).toBeCloseTo(0.95, 12); // at H1 with 1 − β
    const table = runCli(['plan', '--elo0', '0', '--elo1', '5'], { cwd: dir }).stdout;
    expect(table).toMatch(/true elo\s+pass prob\.\s+expected games/);
    const ci = JSON.parse(
      runCli(['plan', '--ci-width', '10', '--win-rate', '50', '--format', 'json'], { cwd: dir }).stdout,
    ) as { games: number };
    expect(ci.games).toBe(385); // 1.96² · 0.25 / 0.05²
    const bad = runCli(['plan', '--ci-width', '-1'], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--ci-width must be positive/);
  });

  it('prints the SPRT verdict as a table and refuses bad counts', () => {
    const dir = tempDir();
    const r = runCli(['sprt', '--pentanomial', '39,2226,31451,2412,40', '--elo0', '0.2', '--elo1', '0.9'], {
      cwd: dir,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^llr\s+2\.16254/m);
    expect(r.stdout).toMatch(/^decision\s+continue$/m);
    expect(runCli(['sprt', '--pentanomial', '1,2,3'], { cwd: dir }).stderr).toMatch(
      /--pentanomial must be five non-negative integers/,
    );
    expect(runCli(['sprt', '--elo0', '0', '--elo1', '5'], { cwd: dir }).stderr).toMatch(
      /give --wins\/--draws\/--losses, --pentanomial, or --a X --b Y/,
    );
  });
});
