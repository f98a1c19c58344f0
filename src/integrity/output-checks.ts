import { ADDRESSEE_TASK, EVALUATION_TASK, EVALUATOR_PATTERNS } from './evaluator-instructions.js';
import { quote, type OutputFlag } from './finding.js';
import { CHAT_TOKENS, VERDICT_PATTERNS, type TemplateMarker } from './judge-markers.js';
import { base64Payloads, htmlComments, obfuscatingCharacters, proseOnly, visibleText } from './text.js';

/**
 * The checks of one output against its instruction (README "Integrity audit"). Patterns are matched on what a
 * judge reads (invisible characters removed, NFKC) and on HTML comments; a match that needs the invisible
 * characters removed is reported as obfuscated. Precision first: every pattern needs a distinctive form
 * (a delimiter line, a verdict label, an act addressed to the evaluator), and evaluation-related wording is
 * expected when the instruction itself asks about judging, rating or prompts.
 */
export function checkOutput(output: string, instruction: string, markers: TemplateMarker[]): OutputFlag[] {
  const flags: OutputFlag[] = [];
  if (output.trim() === '')
    return [
      {
        check: 'empty_output',
        severity: 'warning',
        evidence: output === '' ? 'empty output' : 'whitespace-only output',
      },
    ];
  const seen = visibleText(output);
  const comments = htmlComments(seen);
  const evaluationTask = EVALUATION_TASK.test(instruction);
  const plainMatch = (re: RegExp): boolean => re.test(output.normalize('NFKC'));
  const add = (
    check: OutputFlag['check'],
    severity: OutputFlag['severity'],
    what: string,
    match: string,
    re?: RegExp,
  ): void => {
    const hidden = re && !plainMatch(re) ? ' (obfuscated with invisible characters)' : '';
    const inComment = comments.some((c) => c.includes(match)) ? ' (hidden in an HTML comment)' : '';
    flags.push({ check, severity, evidence: `${what}: ${quote(match)}${hidden}${inComment}` });
  };

  const lines = seen.split('\n').map((l) => l.trim().replace(/,$/, ''));
  for (const m of markers) {
    const re = m.re;
    if (m.distinctive ? re.test(seen) : lines.some((l) => l.toLowerCase() === m.text.toLowerCase())) {
      add('judge_format', m.distinctive ? 'critical' : 'info', `judge template text (${m.preset})`, m.text, re);
    }
  }
  for (const v of VERDICT_PATTERNS) {
    const hit = v.re.exec(seen);
    if (hit) add('verdict_string', 'critical', v.name, hit[0], v.re);
  }
  const token = CHAT_TOKENS.exec(seen);
  if (token) {
    // a system turn is an injection; a user/assistant turn may be a model that did not stop (still a new turn)
    const system = /system|SYS|INST/.test(token[0]) || /<\|(?:im_start|start_header_id)\|>\s*system/.test(seen);
    add(
      'chat_role_token',
      evaluationTask ? 'info' : system ? 'critical' : 'warning',
      'chat-template role token',
      token[0],
      CHAT_TOKENS,
    );
  }
  const decoded = base64Payloads(seen).join('\n');
  const prose = `${proseOnly(seen)}${decoded ? `\n${decoded}` : ''}`;
  const addressee = ADDRESSEE_TASK.test(instruction);
  for (const p of EVALUATOR_PATTERNS) {
    const hit = p.re.exec(prose);
    if (hit)
      add(
        'evaluator_instruction',
        addressee ? 'info' : evaluationTask ? 'warning' : 'critical',
        `${p.name}${decoded.includes(hit[0]) ? ' (base64-encoded)' : ''}`,
        hit[0],
        p.re,
      );
  }
  // the last line alone is AlpacaEval's verdict token after a real answer ("...\n\nM")
  const lastLine = seen.trimEnd().split('\n').pop() ?? '';
  const identifier = /^\s*(?:(?:best )?model identifier|output)?\s*:?\s*["'`]?[mM]["'`]?$/i.exec(lastLine);
  if (identifier && seen.trim().includes('\n')) {
    add(
      'verdict_string',
      'warning',
      'AlpacaEval model identifier on a line of its own',
      identifier[0].trim(),
      /(?:^|\n)\s*["'`]?[mM]["'`]?\s*$/,
    );
  }
  for (const c of htmlComments(prose)) {
    if (!flags.some((f) => f.evidence.includes('HTML comment')) && c.split(/\s+/).length >= 4) {
      flags.push({
        check: 'hidden_comment',
        severity: 'warning',
        evidence: `text hidden in an HTML comment: ${quote(c)}`,
      });
    }
  }
  const obfuscating = obfuscatingCharacters(output);
  if (obfuscating > 0) {
    const severe = flags.some((f) => f.evidence.includes('obfuscated')) || obfuscating >= 3;
    flags.push({
      check: 'invisible_characters',
      severity: severe ? 'critical' : 'warning',
      evidence: `${obfuscating} invisible or bidi control characters inside words`,
    });
  }
  const score = selfScore(prose, instruction);
  if (score)
    flags.push({ check: 'self_score', severity: 'critical', evidence: `self-assigned score: ${quote(score)}` });
  const pad = padding(seen);
  if (pad) flags.push({ check: 'padding', severity: 'warning', evidence: pad });
  const cut = truncated(seen, instruction);
  if (cut) flags.push({ check: 'truncated_output', severity: 'warning', evidence: cut });
  return flags;
}

/**
 * A score the output gives itself ("Score: 10/10", "I rate this answer 10 out of 10"), unless the task asks for
 * ratings.
 */
function selfScore(prose: string, instruction: string): string | null {
  if (/\b(?:rate|rating|score|review|grade|stars?|evaluat|assess|critique|rank)/i.test(instruction)) return null;
  const re =
    /\b(?:(?:this|my) (?:response|answer|output|reply)\b[^.\n]{0,40}?\b(?:deserves|earns|merits|gets|scores|is rated|receives)\b[^.\n]{0,20}?(?:\d+(?:\.\d+)?\s*(?:\/|out of)\s*\d+|full marks|a perfect score|top marks|the highest (?:score|rating))|(?:score|rating|grade)\s*[:=]\s*(?:10|9\.5|100)\s*(?:\/\s*(?:10|100)|out of (?:10|100))|(?:10|100)\s*\/\s*(?:10|100)\s*(?:stars?|points?)?\s*$|i (?:would )?(?:rate|score|grade) (?:this|my) (?:response|answer|output)[^.\n]{0,20}\d|(?:^|\n)\s*(?:score|rating|grade)\s*[:=]\s*(?:10|100|A\+)\s*$|5\s*\/\s*5 stars)/im;
  return re.exec(prose)?.[0] ?? /★{5}|⭐{5}/u.exec(prose)?.[0] ?? null;
}

/**
 * Length bought by repetition: in a long output, most of the text is sentences (or lines) that already occurred,
 * and one of them recurs 5 or more times. Text without sentence breaks is cut into 40-character blocks instead.
 */
function padding(text: string): string | null {
  if (text.length < 600) return null;
  let parts = text
    .split(/(?<=[.!?。！？])\s+|\n+/)
    .map((x) => x.trim().toLowerCase())
    .filter((x) => x.length > 0);
  if (parts.length < 5) parts = text.match(/[\s\S]{1,40}/g) ?? [];
  const count = new Map<string, number>();
  let repeated = 0;
  let total = 0;
  for (const p of parts) {
    const n = count.get(p) ?? 0;
    if (n > 0) repeated += p.length;
    total += p.length;
    count.set(p, n + 1);
  }
  let top = 0;
  for (const c of count.values()) top = Math.max(top, c);
  const share = repeated / total;
  return share >= 0.6 && top >= 5
    ? `${Math.round(100 * share)}% of the text repeats earlier sentences (one up to ${top} times)`
    : null;
}

const PREAMBLE =
  /^(?:certainly|sure|of course|absolutely|okay|ok|great question|here(?:'s| is| are)(?: the| an?| my)?(?: answer| response)?|yes,? (?:certainly|of course))[!.,:]*$/i;
const SHORT_WORDS = new Set([
  'a',
  'i',
  'is',
  'it',
  'in',
  'on',
  'of',
  'to',
  'be',
  'by',
  'do',
  'go',
  'he',
  'me',
  'my',
  'no',
  'or',
  'so',
  'up',
  'us',
  'we',
  'an',
  'as',
  'at',
  'am',
  'if',
  'ok',
  'hi',
  'yes',
]);
const OPENERS = new Set([
  'the',
  'a',
  'an',
  'to',
  'many',
  'most',
  'here',
  'there',
  'in',
  'if',
  'yes,',
  'no,',
  'as',
  'when',
  'i',
  'it',
  'this',
  'these',
  'some',
  'several',
  'you',
  'your',
  'for',
  'while',
  'although',
  'according',
  'one',
  'my',
  'we',
  'they',
  'what',
  'how',
  'sure,',
  'of',
  'absolutely,',
  'certainly,',
]);

/**
 * An answer cut off before it says anything (AlpacaEval's gpt4_gamed cuts GPT-4's answers to 10 characters): a
 * bare preamble ("Certainly!"), a short text that ends inside a word ("The name o") or that is the start of a
 * sentence with no end ("To wrap a ", "Many famou"), to an instruction that is not a short-answer question.
 */
function truncated(text: string, instruction: string): string | null {
  const t = text.trim();
  if (t.length > 24 || instruction.length < 25 || /[-_/=$`|\\<>{}]/.test(t)) return null;
  if (PREAMBLE.test(t)) return `only a preamble, no answer: ${quote(t)}`;
  const words = t.split(/\s+/);
  const last = words[words.length - 1];
  const choices = /(?:^|\s|\()[A-Ea-e][).:](?:\s|$)/.test(instruction);
  const fragment = /^\p{Ll}{1,2}$/u.test(last) || (/^\p{Lu}$/u.test(last) && !choices);
  if (words.length >= 2 && fragment && !SHORT_WORDS.has(last.toLowerCase())) {
    return `ends inside a word: ${quote(t)}`;
  }
  const open = !/[.!?)\]"'”’:;…。！？]$/.test(t);
  const title = words.slice(1).every((w) => /^[\p{Lu}\d]/u.test(w)); // "The Matrix": a name, not a cut sentence
  if (
    open &&
    !title &&
    t.length <= 14 &&
    words.length >= 2 &&
    (OPENERS.has(words[0].toLowerCase()) || SHORT_WORDS.has(last.toLowerCase()))
  ) {
    return `a sentence cut off after ${[...t].length} characters: ${quote(text)}`;
  }
  return null;
}
