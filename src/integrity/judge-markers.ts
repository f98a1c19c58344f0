import type { Preset } from '../judges/presets/preset.js';

/** A line of a judge template that marks its structure (a delimiter or heading), and how telling it is. */
export interface TemplateMarker {
  text: string;
  /** Distinctive markers (`<|The End of Assistant A's Answer|>`, `"model_identifier"`) are critical anywhere;
   *  generic headings (`## Task`) only count as a whole line next to another signal. */
  distinctive: boolean;
  preset: string;
  /** Case-insensitive matcher of the marker anywhere in a text. */
  re: RegExp;
}

const SENTINEL = 'QQSLOTQQ';
const DISTINCTIVE =
  /<\||\|>|\[The (Start|End)|model_identifier|Assistant [AB]'s|Assistant's Answer|Model Output|Model Identifier|_of_(query|response)|User (Prompt|Question)|Reference Answer|Output \([ab]\)/i;

/**
 * The structural lines of every judge template, found by rendering each preset (built-in and custom) with
 * sentinel texts and keeping the short lines with brackets, pipes, hashes, braces or quotes that are not the
 * slots themselves — so a new preset's delimiters are checked without a list to maintain.
 */
export function templateMarkers(presets: Preset[]): TemplateMarker[] {
  const seen = new Map<string, TemplateMarker>();
  for (const p of presets) {
    const messages =
      p.kind === 'pairwise'
        ? p.messages({
            instruction: SENTINEL,
            first: SENTINEL,
            second: SENTINEL,
            reference: SENTINEL,
            category: 'math',
          })
        : p.messages({ instruction: SENTINEL, output: SENTINEL, reference: SENTINEL, category: 'math' });
    for (const m of messages) {
      for (const raw of m.content.split('\n')) {
        const line = raw.trim().replace(/,$/, '');
        if (
          line.length < 5 ||
          line.includes(SENTINEL) ||
          !/[<>[\]|#{}"]/.test(line) ||
          (line.match(/\p{L}/gu)?.length ?? 0) < 4
        )
          continue;
        if (line.split(/\s+/).length > 8) continue;
        if (!seen.has(line))
          seen.set(line, { text: line, distinctive: DISTINCTIVE.test(line), preset: p.name, re: literal(line) });
      }
    }
  }
  // widely used judge formats outside our presets (AlpacaFarm's pairwise prompt, MT-Bench's rating slot)
  for (const text of [
    '### Which is best, Output (a) or Output (b)?',
    '### Output (a):',
    '### Output (b):',
    '[[rating]]',
  ]) {
    if (!seen.has(text)) seen.set(text, { text, distinctive: true, preset: 'alpaca_farm', re: literal(text) });
  }
  return [...seen.values()];
}

function literal(s: string): RegExp {
  return new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

/** Verdict strings of judge protocols: an output that contains one is trying to answer for the judge. */
export const VERDICT_PATTERNS: { name: string; re: RegExp }[] = [
  { name: 'Arena-Hard/MT-Bench verdict', re: /\[\[(?:A>>B|A>B|A=B|B>A|B>>A|A|B|C|A\+\+|A\+|B\+|B\+\+|tie|Tie)\]\]/ },
  { name: 'MT-Bench rating', re: /Rating:\s*\[\[\s*\d+(?:\.\d+)?\s*\]\]/ },
  {
    name: 'JSON verdict',
    re: /"(?:choice|winner|preference|best_model|better_response|verdict)"\s*:\s*"?(?:A\+\+|A\+|A=B|B\+|B\+\+|model_[12]|[ABmM]|[12]|tie|response_[ab]|Response [AB])"?/,
  },
  { name: 'AlpacaFarm verdict', re: /(?:^|\n)\s*Output \((?:a|b)\)\s*(?:\n|$)|best,? Output \(a\) or Output \(b\)/ },
  {
    name: 'final verdict sentence',
    re: /my final verdict is[^.\n]{0,40}(?:\[\[|significantly better|slightly better|tie\b)/i,
  },
];

/** Chat-template role and control tokens: an output that contains them tries to open a new turn. */
export const CHAT_TOKENS =
  /<\|im_start\|>|<\|im_end\|>|<\|endoftext\|>|<\|eot_id\|>|<\|start_header_id\|>|<\|end_header_id\|>|<\|begin_of_text\|>|<\|(?:system|user|assistant)\|>|\[\/?INST\]|<<\/?SYS>>|<start_of_turn>|<end_of_turn>|<\|(?:im_sep|end)\|>/;
