/**
 * Names for a message, at most `max` of them: "a, b, c" or "a, b, c, … and 4,980 more". An error that lists the
 * candidates (unknown judge, several judges) stays one readable line on a store of thousands of annotators.
 */
export function nameList(names: readonly string[], max = 12): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, … and ${(names.length - max).toLocaleString('en-US')} more`;
}
