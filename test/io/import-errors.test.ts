import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpStore, runCli, tempDir } from '../helpers/cli.js';

const REAL = new URL('../fixtures/alpacaeval/claude-2.head12.json', import.meta.url).pathname;
type Row = Record<string, unknown>;
const realRows = (): Row[] => JSON.parse(readFileSync(REAL, 'utf8')) as Row[];

describe('importing AlpacaEval files', () => {
  const dir = tempDir();
  const db = join(dir, '.winrate', 'winrate.db');

  beforeAll(() => {
    const r = runCli(['import', 'alpaca-eval', REAL], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
  });

  it('stores real rows with their verdict, raw output and cost, and reports a second import as unchanged', () => {
    expect(runCli(['status'], { cwd: dir }).stdout).toMatch(
      /items: 12\n.*systems: 2\n.*responses: 24\n.*comparisons: 12 \(\+0 failed\)/s,
    );
    const before = dumpStore(db);
    const again = runCli(['import', 'alpaca-eval', REAL], { cwd: dir });
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/0 new comparisons, 0 new responses, 0 new items; 48 records already stored/);
    expect(dumpStore(db)).toBe(before);
    expect(before).toMatch(/weighted_alpaca_eval_gpt4_turbo/);
    expect(before).toMatch(/logprobs/);
  });

  it('reads .json.gz and model_outputs files', () => {
    const d = tempDir();
    const gz = join(d, 'annotations.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(REAL)));
    expect(runCli(['import', 'alpaca-eval', gz], { cwd: d }).status).toBe(0);
    const outputs = join(d, 'model_outputs.json');
    writeFileSync(
      outputs,
      JSON.stringify(
        realRows().map((r) => ({
          instruction: r.instruction,
          output: `new ${String(r.output_2)}`,
          generator: 'my-model',
        })),
      ),
    );
    const r = runCli(['import', 'alpaca-eval', outputs], { cwd: d });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/12 new responses, 0 new items/);
  });

  const cases: [string, (rows: Row[], file: string) => string, RegExp][] = [
    ['truncated JSON', (rows) => JSON.stringify(rows).slice(0, 5000), /bad\.json: invalid JSON/],
    ['not an array', () => '{"instruction": "x"}', /bad\.json: expected a JSON array/],
    [
      'a missing field',
      (rows) => {
        delete rows[4].output_2;
        return JSON.stringify(rows);
      },
      /bad\.json, row 5, field "output_2": expected a string \(missing\)/,
    ],
    [
      'a wrong type',
      (rows) => {
        rows[2].preference = 'abc';
        return JSON.stringify(rows);
      },
      /bad\.json, row 3, field "preference": .*got the string "abc"/,
    ],
    [
      'a preference above 2',
      (rows) => {
        rows[6].preference = 2.5;
        return JSON.stringify(rows);
      },
      /bad\.json, row 7, field "preference": preference must be in \[1, 2\].*2\.5/,
    ],
    [
      'a preference below 1',
      (rows) => {
        rows[0].preference = 0.5;
        return JSON.stringify(rows);
      },
      /bad\.json, row 1, field "preference": preference must be in \[1, 2\]/,
    ],
    [
      'a generator that is not a string',
      (rows) => {
        rows[8].generator_2 = 42;
        return JSON.stringify(rows);
      },
      /row 9, field "generator_2": expected a string \(got number 42\)/,
    ],
    [
      'an infinite preference',
      (rows) => JSON.stringify(rows).replace('"preference":', '"preference":1e999,"x":'),
      /bad\.json, row 1, field "preference": .*got number Infinity/,
    ],
    [
      'a verdict contradicting the stored one',
      (rows) => {
        rows[10].preference = rows[10].preference === 2 ? 1 : 2;
        return JSON.stringify(rows);
      },
      /bad\.json, row 11, field "preference": .*different verdict/,
    ],
  ];

  it.each(cases)(
    'rejects %s with file, row and field, and leaves the store exactly as it was',
    (_name, corrupt, message) => {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, corrupt(realRows(), bad));
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify(realRows().map((r) => ({ ...r, generator_2: 'another-model' }))));
      const before = dumpStore(db);
      // A good file first and the bad one second: the good one must not be stored either.
      const r = runCli(['import', 'alpaca-eval', good, bad], { cwd: dir });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(dumpStore(db)).toBe(before);
    },
  );

  it('names a missing file', () => {
    const r = runCli(['import', 'alpaca-eval', join(dir, 'nope.json')], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/FILE_NOT_FOUND.*nope\.json: no such file/);
  });

  it('stores a null preference as a parse failure, not a tie', () => {
    const d = tempDir();
    const f = join(d, 'a.json');
    const rows = realRows();
    rows[0].preference = null;
    writeFileSync(f, JSON.stringify(rows));
    expect(runCli(['import', 'alpaca-eval', f], { cwd: d }).status).toBe(0);
    expect(runCli(['status'], { cwd: d }).stdout).toMatch(/comparisons: 11 \(\+1 failed\)/);
    const lb = JSON.parse(runCli(['leaderboard', '--format', 'json', '--no-alpaca-lc'], { cwd: d }).stdout) as {
      system: string;
      n_total: number;
    }[];
    expect(lb.find((x) => x.system === 'claude-2')?.n_total).toBe(11);
  });
});

describe('importing generic comparisons', () => {
  it('reads JSONL and CSV with outcomes or probabilities', () => {
    const d = tempDir();
    writeFileSync(
      join(d, 'c.jsonl'),
      [
        { item: 'q1', system_a: 'x', system_b: 'y', outcome: 'a', judge: 'human' },
        { item: 'q2', system_a: 'y', system_b: 'x', outcome: 'tie', judge: 'human' },
        { item: 'q3', system_a: 'x', system_b: 'y', probability: 0.8, judge: 'human', output_a: 'aa', output_b: 'b' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    writeFileSync(join(d, 'c.csv'), 'item,system_a,system_b,outcome,judge\nq4,x,y,b,human\nq5,"y",x,model_a,human\n');
    const r = runCli(['import', 'comparisons', join(d, 'c.jsonl'), join(d, 'c.csv')], { cwd: d });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/5 new comparisons/);
    const lb = JSON.parse(runCli(['leaderboard', '--format', 'json', '--baseline', 'y'], { cwd: d }).stdout) as {
      system: string;
      win_rate: number;
      n_wins: number;
      n_draws: number;
    }[];
    const x = lb.find((row) => row.system === 'x')!;
    // x: win (1), tie (0.5), 0.8, loss (0), loss (y won as model_a) → mean 2.3/5
    expect(x.win_rate).toBeCloseTo(46, 8);
    expect([x.n_wins, x.n_draws]).toEqual([2, 1]);
  });

  const bad: [string, string, string, RegExp][] = [
    [
      'csv',
      'a missing column',
      'item,system_a,outcome\nq1,x,a\n',
      /c\.csv, row 2, field "system_b": expected a system name \(missing\)/,
    ],
    [
      'csv',
      'an unknown outcome',
      'item,system_a,system_b,outcome\nq1,x,y,a\nq2,x,y,maybe\n',
      /row 3, field "outcome": outcome must be one of/,
    ],
    [
      'jsonl',
      'a malformed line',
      '{"item":"q1","system_a":"x","system_b":"y","outcome":"a"}\n{"item": "q2",\n',
      /c\.jsonl, row 2: invalid JSON line/,
    ],
    [
      'jsonl',
      'a probability out of range',
      '{"item":"q1","system_a":"x","system_b":"y","probability":1.2}\n',
      /row 1, field "probability": probability must be in \[0, 1\]/,
    ],
    [
      'jsonl',
      'both outcome and probability',
      '{"item":"q1","system_a":"x","system_b":"y","probability":1,"outcome":"a"}\n',
      /field "outcome": give exactly one of outcome or probability/,
    ],
  ];
  it.each(bad)('%s with %s fails with file, row and field, storing nothing', (ext, _name, content, message) => {
    const d = tempDir();
    const f = join(d, `c.${ext}`);
    writeFileSync(f, content);
    copyFileSync(REAL, join(d, 'ok.json'));
    expect(runCli(['import', 'alpaca-eval', join(d, 'ok.json')], { cwd: d }).status).toBe(0);
    const before = dumpStore(join(d, '.winrate', 'winrate.db'));
    const r = runCli(['import', 'comparisons', f], { cwd: d });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(dumpStore(join(d, '.winrate', 'winrate.db'))).toBe(before);
  });
});

describe('files as careless users have them', () => {
  it('names the system of a one-system file with --system (NullModel\'s annotations call it "example")', () => {
    const d = tempDir();
    const f = join(d, 'annotations.json');
    writeFileSync(f, JSON.stringify(realRows().map((r) => ({ ...r, generator_2: 'example' }))));
    const r = runCli(['import', 'alpaca-eval', f, '--system', 'NullModel'], { cwd: d });
    expect(r.status, r.stderr).toBe(0);
    const lb = JSON.parse(runCli(['leaderboard', '--format', 'json', '--method', 'winrate'], { cwd: d }).stdout) as {
      system: string;
    }[];
    expect(lb.map((x) => x.system).sort()).toEqual(['NullModel', 'gpt4_1106_preview']);
    const mixed = join(d, 'mixed.json');
    writeFileSync(
      mixed,
      JSON.stringify(realRows().map((row, i) => ({ ...row, generator_2: i === 3 ? 'other' : 'example' }))),
    );
    const bad = runCli(['import', 'alpaca-eval', mixed, '--system', 'NullModel'], { cwd: d });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /mixed\.json, row 4, field "generator_2": --system renames one system, but this file names "example" and "other"/,
    );
  });

  it('reads a JSON file with a UTF-8 byte-order mark', () => {
    const d = tempDir();
    const f = join(d, 'bom.json');
    writeFileSync(f, `\uFEFF${readFileSync(REAL, 'utf8')}`);
    const r = runCli(['import', 'alpaca-eval', f], { cwd: d });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/12 new comparisons/);
  });

  it('refuses text it would store changed: bytes that are not UTF-8, a NUL, a lone surrogate; naming where', () => {
    const d = tempDir();
    const latin1 = join(d, 'latin1.jsonl');
    // line 2 was saved as Latin-1: "café" with the byte 0xE9 alone
    writeFileSync(
      latin1,
      Buffer.concat([
        Buffer.from('{"item":"q1","system_a":"a","system_b":"b","outcome":"a"}\n{"item":"caf'),
        Buffer.from([0xe9]),
        Buffer.from('","system_a":"a","system_b":"b","outcome":"b"}\n'),
      ]),
    );
    const bad = runCli(['import', 'comparisons', latin1], { cwd: d });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/latin1\.jsonl, row 2: is not valid UTF-8/);
    for (const [name, text, why] of [
      ['nul', 'a\\u0000b', /holds a NUL character/],
      ['surrogate', 'x\\ud800y', /holds a lone UTF-16 surrogate/],
    ] as const) {
      const f = join(d, `${name}.jsonl`);
      writeFileSync(
        f,
        `{"item":"q1","system_a":"a","system_b":"b","outcome":"a"}\n` +
          `{"item":"q2","system_a":"a","system_b":"b","outcome":"b","output_a":"${text}"}\n`,
      );
      const r = runCli(['import', 'comparisons', f], { cwd: d });
      expect(r.status, name).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${name}\\.jsonl, row 2, field "output_a": `));
      expect(r.stderr).toMatch(why);
    }
    // a surrogate pair (an emoji written as a JSON escape) is a character: fine
    const ok = join(d, 'emoji.jsonl');
    writeFileSync(ok, '{"item":"q1","system_a":"a","system_b":"b","outcome":"a","output_a":"\\ud83d\\ude00"}\n');
    expect(runCli(['import', 'comparisons', ok], { cwd: d }).status).toBe(0);
  });

  it('refuses a gzip bomb quickly, naming the file, with bounded memory, storing nothing', () => {
    const d = tempDir();
    const f = join(d, 'bomb.jsonl.gz');
    writeFileSync(f, gzipSync(Buffer.alloc(200 * 2 ** 20, 32), { level: 9 })); // 200 MiB of spaces in 0.2 MiB
    const r = runCli(['import', 'comparisons', f], { cwd: d, env: { WINRATE_MAX_INPUT_MB: '64' } });
    expect(r.status).toBe(1);
    // refused from its trailer, before a byte of it is decompressed (it used to stream up to the limit first)
    expect(r.stderr).toMatch(/bomb\.jsonl\.gz: decompresses to more than 64 MiB \(its gzip trailer says 200 MiB/);
    expect(runCli(['status'], { cwd: d }).stdout).toMatch(/comparisons: 0/);
  });

  it("names the generic format's own field in a contradiction", () => {
    const d = tempDir();
    const row = (outcome: string) => JSON.stringify({ item: 'q', system_a: 'a', system_b: 'b', outcome });
    writeFileSync(join(d, 'one.jsonl'), row('a'));
    writeFileSync(join(d, 'two.jsonl'), `${row('b')}\n`);
    expect(runCli(['import', 'comparisons', join(d, 'one.jsonl')], { cwd: d }).status).toBe(0);
    const r = runCli(['import', 'comparisons', join(d, 'two.jsonl')], { cwd: d });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/two\.jsonl, row 1, field "outcome": .*different verdict/);
  });
});
