// Judging that stops when decided: replay the real AlpacaEval 2.0 annotations of 15 models (test/fixtures) in a
// seeded random item order through the SPRT stopping rule of `winrate judge --until-decided` and count the judge
// calls it would have made, against the full run (805 calls per model). The full run's decision is the same SPRT
// applied to all 805 verdicts (accepted / rejected, or the sign of its LLR when it never crossed a bound).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UntilDecided } from '../dist/judges/until-decided.js';
import { Rng } from '../dist/index.js';

const models = JSON.parse(
  gunzipSync(readFileSync(new URL('../test/fixtures/alpacaeval/compact.json.gz', import.meta.url))).toString(),
).models;
const rule = { kind: 'sprt', elo0: -20, elo1: 20, alpha: 0.05, beta: 0.05 };
const seeds = 20;
let full = 0;
let used = 0;
let agree = 0;
let runs = 0;
let counted = 0;
const lines = [];
for (const m of models) {
  const scores = m.rows.filter((r) => r[0] !== null).map((r) => r[0] - 1); // P(model wins), preference − 1
  if (scores.every((s) => s === 0.5)) continue; // the baseline judged against itself
  counted++;
  const all = new UntilDecided(rule, false);
  scores.forEach((s, i) => all.record('m', `q${i}`, 'a', s));
  const fullState = all.decisions()[0];
  const fullDecision =
    fullState.decision !== 'continue' ? fullState.decision : fullState.llr > 0 ? 'accepted' : 'rejected';
  let mUsed = 0;
  let mAgree = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const rng = new Rng(seed);
    const order = scores.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const d = new UntilDecided(rule, false);
    let calls = 0;
    for (const i of order) {
      if (d.decided('m')) break;
      d.record('m', `q${i}`, 'a', scores[i]);
      calls++;
    }
    const s = d.decisions()[0];
    const decision = s.decision !== 'continue' ? s.decision : s.llr > 0 ? 'accepted' : 'rejected';
    mUsed += calls;
    if (decision === fullDecision) mAgree++;
    full += scores.length;
    used += calls;
    runs++;
  }
  agree += mAgree;
  lines.push(
    `  ${m.model}: win rate ${((100 * scores.reduce((a, b) => a + b, 0)) / scores.length).toFixed(1)}%, full-run decision ${fullDecision}; ` +
      `mean ${(mUsed / seeds).toFixed(0)} of ${scores.length} calls, same decision in ${mAgree}/${seeds} orders`,
  );
}
console.log(
  `until decided (SPRT [-20, 20] Elo, α = β = 0.05, ${counted} AlpacaEval models × ${seeds} item orders): ` +
    `${used} of ${full} judge calls (${(100 * (1 - used / full)).toFixed(1)}% saved), same decision as the full run in ${agree}/${runs} runs`,
);
console.log(lines.join('\n'));
