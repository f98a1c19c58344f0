/**
 * Zero-width and invisible format characters (ZWSP, ZWNJ, ZWJ, LRM, RLM, word joiner, invisible operators, BOM, soft
 * hyphen).
 */
export const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E]/g;
/** Unicode tag characters (U+E0000–U+E007F): invisible to people, read by LLMs as ASCII ("ASCII smuggling"). */
export const TAGS = /[\u{E0000}-\u{E007F}]/gu;

/** The ASCII text hidden in Unicode tag characters, if any. */
export function smuggledAscii(s: string): string {
  return [...s.matchAll(TAGS)].map((m) => String.fromCharCode(m[0].codePointAt(0)! - 0xe0000)).join('');
}

/** Text hidden in base64 blobs of 40+ characters that decode to mostly printable text. */
export function base64Payloads(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])/g)) {
    const text = Buffer.from(m[0], 'base64').toString('utf8');
    const printable = text.replace(/[^\x20-\x7E\n\t]/g, '').length / Math.max(1, text.length);
    if (printable > 0.95 && /[a-z]{3,} [a-z]{3,}/i.test(text)) out.push(text);
  }
  return out;
}
/** Bidirectional embedding, override and isolate controls (Trojan Source). */
export const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * What a judge model effectively reads: invisible and bidi characters removed and compatibility forms folded
 * (NFKC: fullwidth letters, ligatures), so obfuscated text matches the same patterns as plain text.
 */
export function visibleText(s: string): string {
  const smuggled = smuggledAscii(s);
  const plain = s.replace(INVISIBLE, '').replace(BIDI, '').replace(TAGS, '').normalize('NFKC');
  return smuggled ? `${plain}\n${smuggled}` : plain;
}

/** HTML comments (hidden when markdown is rendered, read by an LLM judge), with their text. */
export function htmlComments(s: string): string[] {
  return [...s.matchAll(/<!--([\s\S]*?)(?:-->|$)/g)].map((m) => m[1].trim()).filter(Boolean);
}

/**
 * Invisible characters used to obfuscate: zero-width characters between two Latin letters or digits (which no
 * script needs; ZWNJ/ZWJ between Arabic or Indic letters and ZWJ in emoji sequences are legitimate), and any
 * bidi control.
 */
export function obfuscatingCharacters(s: string): number {
  const inWords = s.match(/(?<=[A-Za-z0-9])[\u200B-\u200D\u2060\uFEFF\u00AD]+(?=[A-Za-z0-9])/g)?.length ?? 0;
  return inWords + (s.match(BIDI)?.length ?? 0) + (s.match(TAGS)?.length ?? 0);
}

/** Text outside fenced code blocks (code may legitimately contain anything). */
export function proseOnly(s: string): string {
  return s.replace(/```[\s\S]*?(```|$)/g, ' ');
}

/** Lowercased content words (3+ letters, any script) for overlap measures. */
export function contentWords(s: string): Set<string> {
  return new Set((s.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((w) => !STOP.has(w)));
}

const STOP = new Set([
  'the',
  'and',
  'for',
  'are',
  'but',
  'not',
  'you',
  'all',
  'any',
  'can',
  'her',
  'was',
  'one',
  'our',
  'out',
  'has',
  'him',
  'his',
  'how',
  'its',
  'may',
  'new',
  'now',
  'see',
  'two',
  'who',
  'did',
  'get',
  'let',
  'put',
  'say',
  'she',
  'too',
  'use',
  'that',
  'with',
  'have',
  'this',
  'will',
  'your',
  'from',
  'they',
  'know',
  'want',
  'been',
  'good',
  'much',
  'some',
  'time',
  'very',
  'when',
  'come',
  'here',
  'just',
  'like',
  'long',
  'make',
  'many',
  'more',
  'only',
  'over',
  'such',
  'take',
  'than',
  'them',
  'well',
  'were',
  'what',
  'which',
  'there',
  'their',
  'would',
  'about',
  'could',
  'these',
  'other',
  'into',
  'also',
  'each',
  'should',
  'write',
  'give',
  'please',
  'following',
]);
