/**
 * Arena-Hard-Auto's strong verdicts: a label with ">>" ("A>>B", "B>>A") means "significantly better" and counts
 * three times in the arena-hard method (v0.1 `weight = 3`). Protocol knowledge, kept with the benchmark.
 */
export function isStrongVerdict(label: string | null | undefined): boolean {
  return label !== null && label !== undefined && label.includes('>>');
}
