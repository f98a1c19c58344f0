/**
 * The columns of the comparisons table an import writes, in one order: both backends' writers fill their rows in
 * it (SQLite's multi-row INSERT, PostgreSQL's COPY), so a column added to the table is added to both writers here.
 * id and created_at are the table's own.
 */
// prettier-ignore
export const COMPARISON_COLUMNS: readonly string[] = [
  'item_id', 'system_a', 'system_b', 'judge_id', 'shown_first', 'sample', 'status', 'p_a', 'label', 'rationale',
  'raw_output', 'prompt_tokens', 'completion_tokens', 'cost', 'duration_ms', 'seq', 'source_id', 'battle_source',
  'tokens_a', 'tokens_b', 'headers_a', 'headers_b', 'lists_a', 'lists_b', 'bolds_a', 'bolds_b', 'strong',
];
