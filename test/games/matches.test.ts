import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMatchesFile } from '../../src/io/matches.js';
import { Rng } from '../../src/stats/random.js';
import { sprt } from '../../src/stats/sprt.js';
import { dumpStore, runCli, tempDir } from '../helpers/cli.js';

const L = (d: number): number => 1 / (1 + 10 ** (-d / 400));
type Row = Record<string, unknown>;

/**
 * 12 agents of known strength against 3 bots of known Elo and each other. A game's expected score is exactly
 * L(Ra − Rb); a share of it is drawn (30% of the probability mass near even games), the rest decided.
 */
function tournament(dir: string, games: number, seed: number) {
  const rng = new Rng(seed);
  const bots = { 'bot-easy': 800, 'bot-medium': 1200, 'bot-hard': 1600 };
  const agents = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`agent-${String(i + 1).padStart(2, '0')}`, 750 + rng.next() * 900]),
  );
  const names = Object.keys(agents);
  const lines = ['white,black,result,opponent_level,points_a'];
  for (let g = 0; g < games; g++) {
    const a = names[Math.floor(rng.next() * names.length)];
    let b: string;
    let level = '';
    if (rng.next() < 0.5) {
      b = Object.keys(bots)[Math.floor(rng.next() * 3)];
      level = String(bots[b as keyof typeof bots]);
    } else {
      do b = names[Math.floor(rng.next() * names.length)];
      while (b === a);
    }
    const rb = b in bots ? bots[b as keyof typeof bots] : agents[b];
    const p = L(agents[a] - rb);
    const draw = 0.6 * Math.min(p, 1 - p);
    const u = rng.next();
    const result = u < p - draw / 2 ? '1-0' : u < p + draw / 2 ? '1/2-1/2' : '0-1';
    const chips = result === '1-0' ? 10 : result === '0-1' ? -10 : 0;
    lines.push(`${a},${b},${result},${level},${chips}`);
  }
  const file = join(dir, 'games.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, agents, bots };
}

describe('games: import matches, anchored ratings', () => {
  it('12 agents vs 3 anchored bots (30k games with draws): anchors exact, CIs cover the truth, mean error < 15 Elo', () => {
    const dir = tempDir();
    const { file, agents, bots } = tournament(dir, 30_000, 7);
    const imp = runCli(['import', 'matches', file], { cwd: dir });
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stderr).toMatch(/30000 new comparisons.*30000 new match results/);
    const anchors = Object.entries(bots).flatMap(([b, r]) => ['--anchor', `${b}=${r}`]);
    const lb = runCli(['leaderboard', '--method', 'bt', ...anchors, '--bootstrap', '100', '--format', 'json'], {
      cwd: dir,
    });
    expect(lb.status, lb.stderr).toBe(0);
    const rows = JSON.parse(lb.stdout) as Row[];
    for (const [b, r] of Object.entries(bots)) expect(rows.find((x) => x.system === b)!.rating).toBeCloseTo(r, 9);
    let covered = 0;
    let err = 0;
    for (const [a, truth] of Object.entries(agents)) {
      const row = rows.find((x) => x.system === a)!;
      if ((row.ci_low as number) <= truth && truth <= (row.ci_high as number)) covered++;
      err += Math.abs((row.rating as number) - truth) / 12;
    }
    expect(covered).toBeGreaterThanOrEqual(10);
    expect(err).toBeLessThan(15);
    // online Elo holds the anchors fixed too
    const elo = JSON.parse(
      runCli(['leaderboard', '--method', 'elo', ...anchors, '--format', 'json'], { cwd: dir }).stdout,
    ) as Row[];
    for (const [b, r] of Object.entries(bots)) expect(elo.find((x) => x.system === b)!.rating).toBe(r);
    // the level at which an agent scores 50% against the bots is its strength
    const report = JSON.parse(runCli(['games', '--format', 'json'], { cwd: dir }).stdout) as {
      players: Row[];
      head_to_head: Row[];
    };
    const levels = Object.entries(agents)
      .filter(([, t]) => t > 900 && t < 1500)
      .map(([a, t]) => {
        const p = report.players.find((x) => x.player === a)!;
        return Math.abs((p.level_50 as number) - t);
      });
    expect(levels.reduce((s, x) => s + x, 0) / levels.length).toBeLessThan(40);
    const top = report.players.find((x) => x.player === 'bot-hard')!;
    expect(top.points_per_100).toBeGreaterThan(0);
    const h = report.head_to_head.find((x) => x.player === 'bot-hard' && x.opponent === 'bot-easy');
    expect(h).toBeUndefined(); // bots never met
  });

  it('a bad row names the file, row and field and leaves the store unchanged', () => {
    const dir = tempDir();
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'white,black,result\nA,B,1-0\nB,A,1/2-1/2\n');
    expect(runCli(['import', 'matches', good], { cwd: dir }).status).toBe(0);
    const before = dumpStore(join(dir, '.winrate', 'winrate.db'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'white,black,result\nA,C,1-0\nC,A,2-0\n');
    const r = runCli(['import', 'matches', bad], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'bad.csv, row 3, field "result": result must be 1-0, 0-1 or 1/2-1/2 (got the string "2-0")',
    );
    expect(dumpStore(join(dir, '.winrate', 'winrate.db'))).toBe(before);
    const bad2 = join(dir, 'bad2.jsonl');
    writeFileSync(bad2, '{"player_a": "A", "player_b": "B", "score_a": 1.5}\n');
    expect(runCli(['import', 'matches', bad2], { cwd: dir }).stderr).toContain(
      'bad2.jsonl, row 1, field "score_a": score must be a number in [0, 1]',
    );
    // importing the same file again changes nothing
    expect(runCli(['import', 'matches', good], { cwd: dir }).stderr).toMatch(
      /0 new comparisons.*4 records already stored/,
    );
  });

  it('reads real PGN files: tags, unknown "?" values, unfinished games skipped, a BOM', () => {
    const dir = tempDir();
    const pgn = (f: string) => new URL(`../fixtures/pgn/${f}`, import.meta.url).pathname;
    const kasparov = readMatchesFile(pgn('kasparov-deep-blue-1997.pgn'));
    expect(kasparov.matches).toHaveLength(6);
    const deepBlue = kasparov.matches!.reduce(
      (s, m) => s + (m.playerA.startsWith('Deep Blue') ? m.scoreA : 1 - m.scoreA),
      0,
    );
    expect(deepBlue).toBe(3.5); // Deep Blue won the 1997 rematch 3½–2½
    expect(kasparov.matches![0].round).toBeNull();
    expect(readMatchesFile(pgn('utf8-bom.pgn')).matches).toHaveLength(0);
    const cute = readMatchesFile(pgn('cutechess-fischerrandom.pgn'));
    expect(cute.matches!.map((m) => [m.playerA, m.scoreA])).toEqual([
      ['Maverick 1.5', 0],
      ['Stockfish 7', 1],
      ['Maverick 1.5', 0],
      ['Stockfish 7', 1],
    ]);
    expect(cute.comparisons.every((c) => c.judge === 'game:chess' && c.shownFirst === 'a')).toBe(true);
    const r = runCli(
      [
        'import',
        'matches',
        ...['cutechess-fischerrandom.pgn', 'chessbase-empty-line.pgn', 'nepomniachtchi-liren-game1.pgn'].map(pgn),
      ],
      { cwd: dir },
    );
    expect(r.status, r.stderr).toBe(0);
    const games = JSON.parse(runCli(['games', '--player', 'Stockfish 7', '--format', 'json'], { cwd: dir }).stdout) as {
      players: Row[];
    };
    expect(games.players[0]).toMatchObject({ games: 4, wins: 4, draws: 0, losses: 0, score: 100 });
  });

  it('turns rankings and team results into pairwise outcomes', () => {
    const dir = tempDir();
    const f = join(dir, 'multi.jsonl');
    writeFileSync(
      f,
      `${JSON.stringify({ game: 'among-us', ranking: 'a > b = c > d' })}\n${JSON.stringify({ game: 'among-us', team_a: 'a+b', team_b: ['c', 'd'], result: '0-1' })}\n`,
    );
    const b = readMatchesFile(f);
    const out = b.matches!.map((m) => `${m.playerA}-${m.playerB}:${m.scoreA}`);
    expect(out).toEqual(['a-b:1', 'a-c:1', 'a-d:1', 'b-c:0.5', 'b-d:1', 'c-d:1', 'a-c:0', 'a-d:0', 'b-c:0', 'b-d:0']);
    expect(new Set(b.matches!.map((m) => m.matchId)).size).toBe(10);
  });

  it('winrate sprt --a --b pairs the two orders of an item into a pentanomial, as fishtest pairs colours', () => {
    const dir = tempDir();
    const f = join(dir, 'c.jsonl');
    const rows: Row[] = [];
    const rng = new Rng(3);
    for (let i = 0; i < 400; i++) {
      for (const shown of ['a', 'b']) {
        const u = rng.next();
        rows.push({
          item: `q${i}`,
          system_a: 'new',
          system_b: 'old',
          outcome: u < 0.5 ? 'a' : u < 0.65 ? 'tie' : 'b',
          shown_first: shown,
          judge: 'j',
        });
      }
    }
    writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n'));
    expect(runCli(['import', 'comparisons', f], { cwd: dir }).status).toBe(0);
    const r = runCli(
      [
        'sprt',
        '--a',
        'new',
        '--b',
        'old',
        '--elo0',
        '0',
        '--elo1',
        '10',
        '--elo-model',
        'logistic',
        '--format',
        'json',
      ],
      { cwd: dir },
    );
    expect(r.status, r.stderr).toBe(
      { accepted: 0, continue: 3, rejected: 8 }[(JSON.parse(r.stdout) as Row).decision as string],
    );
    const out = JSON.parse(r.stdout) as Row & { pentanomial: number[]; trinomial: number[] };
    expect(out.pairs).toBe(400);
    expect(out.pentanomial.reduce((s, x) => s + x, 0)).toBe(400);
    expect(out.trinomial.reduce((s, x) => s + x, 0)).toBe(800);
    const expected = sprt({
      eloModel: 'logistic',
      pentanomial: out.pentanomial,
      losses: out.trinomial[0],
      draws: out.trinomial[1],
      wins: out.trinomial[2],
      elo0: 0,
      elo1: 10,
    });
    expect(out.llr).toBeCloseTo(expected.llr, 12);
    expect(out.results).toBe('pentanomial');
    expect(['accepted', 'rejected', 'continue']).toContain(out.decision);
    const bad = runCli(['sprt', '--wins', '10', '--elo0', '5', '--elo1', '1'], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--elo1 must be greater than --elo0/);
  });
});
