import { createHash } from 'node:crypto';

/** One response of a system, for the cross-item checks. */
export interface AuditResponse {
  dataset: string;
  item: string;
  instruction: string;
  output: string;
}

const REFUSAL =
  /^(?:i'?m sorry|i am sorry|i apologi[sz]e|sorry,|as an ai|as a language model|i (?:cannot|can't|can not|am unable|am not able|don't have)|unfortunately,? i)/i;

/** True for refusal-like boilerplate (the same refusal to many prompts is poor, not cheating). */
export function isRefusal(output: string): boolean {
  return REFUSAL.test(output.trim());
}

const normalize = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Groups of a system's responses that are the same text for different instructions: exactly (after case and
 * whitespace folding), or nearly (Jaccard similarity of word 3-gram shingles ≥ 0.8, found with a 64-hash
 * MinHash, candidates found by LSH over 16 bands of 4, confirmed by exact Jaccard). Responses under 20 characters
 * are left out (short answers repeat legitimately); a group needs 3 distinct instructions.
 */
export function constantGroups(responses: AuditResponse[]): { exact: AuditResponse[][]; near: AuditResponse[][] } {
  const candidates = responses.filter((r) => r.output.replace(/\s/g, '').length >= 20);
  const byHash = new Map<string, AuditResponse[]>();
  for (const r of candidates) {
    const h = createHash('sha256').update(normalize(r.output)).digest('hex');
    const g = byHash.get(h);
    if (g) g.push(r);
    else byHash.set(h, [r]);
  }
  const distinct = (g: AuditResponse[]): number => new Set(g.map((r) => r.instruction)).size;
  const exact = [...byHash.values()].filter((g) => distinct(g) >= 3);
  const inExact = new Set(exact.flat());
  const rest = candidates.filter((r) => !inExact.has(r));
  const shingles = rest.map((r) => shingleSet(normalize(r.output)));
  const sigs = shingles.map(minhash);
  const parent = rest.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const bands = new Map<string, number[]>();
  sigs.forEach((sig, i) => {
    for (let b = 0; b < 16; b++) {
      const key = `${b}:${sig[b * 4]},${sig[b * 4 + 1]},${sig[b * 4 + 2]},${sig[b * 4 + 3]}`;
      const m = bands.get(key);
      if (m) m.push(i);
      else bands.set(key, [i]);
    }
  });
  for (const members of bands.values()) {
    if (members.length < 2 || members.length > 500) continue;
    for (let k = 1; k < members.length; k++) {
      const [i, j] = [members[0], members[k]];
      if (find(i) !== find(j) && jaccard(shingles[i], shingles[j]) >= 0.8) parent[find(j)] = find(i);
    }
  }
  const clusters = new Map<number, AuditResponse[]>();
  rest.forEach((r, i) => {
    const root = find(i);
    const c = clusters.get(root);
    if (c) c.push(r);
    else clusters.set(root, [r]);
  });
  return { exact, near: [...clusters.values()].filter((g) => distinct(g) >= 3) };
}

/** Word 3-grams (character 5-grams for texts of fewer than 8 words). */
function shingleSet(s: string): Set<string> {
  const out = new Set<string>();
  const words = s.split(' ');
  if (words.length >= 8) {
    for (let i = 0; i + 3 <= words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  } else {
    for (let i = 0; i + 5 <= s.length; i++) out.add(s.slice(i, i + 5));
  }
  if (out.size === 0) out.add(s);
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** 64 min-hashes of a shingle set: FNV-1a of each shingle mixed with 64 seeds. */
function minhash(set: Set<string>): number[] {
  const sig = new Array<number>(64).fill(0xffffffff);
  for (const s of set) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    for (let k = 0; k < 64; k++) {
      let x = Math.imul(h ^ Math.imul(k + 1, 0x9e3779b1), 0x85ebca6b);
      x ^= x >>> 13;
      x = Math.imul(x, 0xc2b2ae35) >>> 0;
      if (x < sig[k]) sig[k] = x;
    }
  }
  return sig;
}
