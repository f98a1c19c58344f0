import type { ResponseStyle } from '../core/model.js';

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
