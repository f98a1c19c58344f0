import { codePointLength, type ResponseStyle } from '../core/model.js';

/**
 * Markdown elements of a response, counted outside fenced code blocks as Arena-Hard-Auto's
 * `count_markdown_elements` does: headers (`#`–`######` at line start), list items (ordered `1.` and
 * unordered `-`, `*`, `+`) and bold spans (`**…**`, `__…__`). Tokens are not counted here (they need the
 * judge's tokenizer); callers pass the stored token count.
 */
export function markdownCounts(text: string): Omit<ResponseStyle, 'tokens'> {
  const prose = text.replace(/```[\s\S]*?```/g, '');
  const count = (re: RegExp): number => prose.match(re)?.length ?? 0;
  return {
    headers: count(/^#{1,6}\s/gm),
    lists: count(/^\s*\d+\.\s/gm) + count(/^\s*[-*+]\s/gm),
    bolds: count(/\*\*[^*\n]+\*\*/g) + count(/__[^_\n]+__/g),
  };
}

/**
 * Style of a response known only by its text: Arena-Hard's markdown counts, and its length in tokens estimated as
 * ⌈code points / 4⌉ (about what GPT tokenizers give for English; Arena-Hard counts tiktoken's cl100k tokens, which
 * its answer files carry as metadata and winrate reads when present). Style-control features are normalised
 * differences (a − b)/(a + b + 1), so the estimate's scale matters little.
 */
export function styleFromText(text: string): ResponseStyle {
  return { tokens: Math.ceil(codePointLength(text) / 4), ...markdownCounts(text) };
}
