// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ALL = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex -- the same, keeping newlines and tabs
const BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text for a terminal with its control characters made visible (`\x1b` for ESC…): a system or judge name holding an
 * escape sequence would otherwise move the cursor, recolour or retitle the terminal of whoever prints a leaderboard.
 * Newlines and tabs are kept where `keepLines` (messages), escaped in table cells.
 */
export function visible(s: string, keepLines = false): string {
  return s.replace(keepLines ? BUT_LINES : ALL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
