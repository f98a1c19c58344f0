// Writes N seeded synthetic Chatbot-Arena-shaped battles (with style metadata) as CSV.gz when ../shared/bench
// is not available: 100 systems, Bradley–Terry strengths, a length effect, 20% ties.
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { Rng } from '../dist/index.js';

export async function generateBattles(path, n = 1_000_000, seed = 20240917) {
  const rng = new Rng(seed);
  const S = 100;
  const skill = Array.from({ length: S }, () => (rng.next() + rng.next() + rng.next() - 1.5) * 2);
  const gz = createGzip();
  const out = gz.pipe(createWriteStream(path));
  gz.write('model_a,model_b,winner,tokens_a,tokens_b,headers_a,headers_b,lists_a,lists_b,bolds_a,bolds_b\n');
  let buf = '';
  for (let i = 0; i < n; i++) {
    const a = rng.int(S);
    let b = rng.int(S);
    while (b === a) b = rng.int(S);
    const ta = 100 + rng.int(900);
    const tb = 100 + rng.int(900);
    const z = skill[a] - skill[b] + 0.35 * ((ta - tb) / (ta + tb + 1)) * 3;
    const u = rng.next();
    const w =
      u < 0.14 ? 'tie' : u < 0.2 ? 'tie (bothbad)' : rng.next() < 1 / (1 + Math.exp(-z)) ? 'model_a' : 'model_b';
    buf += `model_${String(a).padStart(3, '0')},model_${String(b).padStart(3, '0')},${w},${ta},${tb},${rng.int(4)},${rng.int(4)},${rng.int(6)},${rng.int(6)},${rng.int(5)},${rng.int(5)}\n`;
    if (buf.length > 1 << 16) {
      if (!gz.write(buf)) await new Promise((r) => gz.once('drain', r));
      buf = '';
    }
  }
  gz.end(buf);
  await new Promise((r) => out.on('finish', r));
}
