/**
 * Arena-Hard-Auto's strong verdicts: a label with ">>" ("A>>B", "B>>A") means "significantly better" and counts
 * three times in the arena-hard method (v0.1 `weight = 3`). Protocol knowledge, kept with the benchmark.
 */
export function isStrongVerdict(label: string | null | undefined): boolean {
  return label !== null && label !== undefined && label.includes('>>');
}

/** The baseline of Arena-Hard-Auto v0.1 judgment files, which do not name it (show_result.py's default). */
export const ARENA_HARD_V01_BASELINE = 'gpt-4-0314';

/** The dataset Arena-Hard-Auto's files are imported into: questions, answers, judgments and battles alike. */
export const ARENA_HARD_DATASET = 'arena-hard';

/** Baselines a leaderboard falls back to, in order, when none was given or recorded: v0.1, v2.0, and a common one. */
export const ARENA_HARD_KNOWN_BASELINES = [ARENA_HARD_V01_BASELINE, 'o3-mini-2025-01-31', 'gpt-4-turbo-2024-04-09'];
