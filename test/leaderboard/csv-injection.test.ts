import { describe, expect, it } from 'vitest';
import { inertCell, toCsv } from '../../src/cli/format/delimited.js';
import type { LeaderboardResult } from '../../src/leaderboard/method.js';

describe('CSV a spreadsheet cannot run', () => {
  it('prefixes text cells that start a formula (OWASP), keeps numbers and plain names', () => {
    const names = ['=HYPERLINK("http://x.example","click")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx', 'plain', 'a=b'];
    expect(names.map(inertCell)).toEqual([
      '\'=HYPERLINK("http://x.example","click")',
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'plain',
      'a=b',
    ]);
    const lb: LeaderboardResult = {
      method: 'winrate',
      title: 't',
      baseline: '=base',
      columns: [
        { key: 'system', label: 'System', kind: 'text' },
        { key: 'score', label: 'Score', kind: 'number' },
      ],
      rows: [
        { system: '=HYPERLINK("http://x.example","click")', score: -0.5 },
        { system: 'ok', score: 12 },
      ],
      value: { key: 'score', min: 0, max: 1 },
    };
    expect(toCsv(lb)).toBe(
      'system,score,baseline\n"\'=HYPERLINK(""http://x.example"",""click"")",-0.5,\'=base\nok,12,\'=base\n',
    );
  });
});
