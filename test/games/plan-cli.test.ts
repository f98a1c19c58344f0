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
    const logistic = ['--elo-model', 'logistic'];
    const r = runCli(
      ['sprt', '--pentanomial', '39,2226,31451,2412,40', '--elo0', '0.2', '--elo1', '0.9', ...logistic],
      {
        cwd: dir,
      },
    );
    expect(r.status, r.stderr).toBe(3); // undecided: more games needed
    expect(r.stdout).toMatch(/^llr\s+2\.16254/m);
    expect(r.stdout).toMatch(/^decision\s+continue$/m);
    expect(r.stdout).toMatch(/^elo_model\s+logistic$/m);
    const bad = runCli(['sprt', '--wins', '10', '--losses', '-3'], { cwd: dir });
    expect([bad.status, bad.stderr]).toEqual([
      1,
      expect.stringMatching(/INVALID_ARGUMENT.*--losses must be a non-negative/),
    ]);
    const plan = runCli(['plan', '--elo0', '5', '--elo1', '0'], { cwd: dir });
    expect([plan.status, plan.stderr]).toEqual([1, expect.stringMatching(/--elo1 must be greater than --elo0/)]);
    expect(runCli(['sprt', '--pentanomial', '1,2,3'], { cwd: dir }).stderr).toMatch(
      /--pentanomial must be five non-negative integers/,
    );
    expect(runCli(['sprt', '--elo0', '0', '--elo1', '5'], { cwd: dir }).stderr).toMatch(
      /give --wins\/--draws\/--losses, --pentanomial, or --a X --b Y/,
    );
  });

  it("defaults to fishtest's normalized model for the bounds and tells a gate the decision by its exit code", () => {
    // Oracles: fishtest's own code on these counts (test/fixtures/games/sprt_vectors.json, cases p07, p10, p13).
    const dir = tempDir();
    const json = (args: string[]) => {
      const r = runCli(['sprt', ...args, '--format', 'json'], { cwd: dir });
      return { status: r.status, out: JSON.parse(r.stdout) as { llr: number; decision: string; elo_model: string } };
    };
    const p07 = json(['--pentanomial', '39,2226,31451,2412,40', '--elo0', '0.764', '--elo1', '3.439']);
    expect(p07.out.elo_model).toBe('normalized');
    expect(p07.out.llr).toBeCloseTo(2.162940869584568, 9);
    expect([p07.status, p07.out.decision]).toEqual([3, 'continue']);
    const p10 = json(['--pentanomial', '1300,10200,21000,9000,1000', '--elo0', '0', '--elo1', '2']);
    expect(p10.out.llr).toBeCloseTo(-19.333272529428235, 9);
    expect([p10.status, p10.out.decision]).toEqual([8, 'rejected']);
    const p13 = json(['--pentanomial', '3200,28000,72000,28000,3200', '--elo0', '-1.75', '--elo1', '0.25']);
    expect([p13.status, p13.out.decision]).toEqual([0, 'accepted']);
  });
});
