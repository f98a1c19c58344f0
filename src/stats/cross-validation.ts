/**
 * Group k-fold assignment as scikit-learn's `GroupKFold` (without shuffling) makes it: groups sorted by
 * size, largest first (ties: higher group id first, the reverse of a stable ascending sort), each put into
 * the fold that currently holds the fewest samples (first such fold on ties).
 *
 * @param group group id of every sample (non-negative integers)
 * @param sampleCount samples each row stands for (e.g. 2 for a soft-label row duplicated as y = 1 and y = 0)
 * @returns fold index (0..k−1) of every row
 */
export function groupKFold(group: Int32Array, k: number, sampleCount?: Float64Array): Int32Array {
  let maxGroup = -1;
  for (let i = 0; i < group.length; i++) maxGroup = Math.max(maxGroup, group[i]);
  const size = new Float64Array(maxGroup + 1);
  for (let i = 0; i < group.length; i++) size[group[i]] += sampleCount ? sampleCount[i] : 1;
  const ids: number[] = [];
  for (let gId = 0; gId <= maxGroup; gId++) if (size[gId] > 0) ids.push(gId);
  ids.sort((a, b) => size[b] - size[a] || b - a);
  const foldOfGroup = new Int32Array(maxGroup + 1);
  const load = new Float64Array(k);
  for (const gId of ids) {
    let best = 0;
    for (let f = 1; f < k; f++) if (load[f] < load[best]) best = f;
    foldOfGroup[gId] = best;
    load[best] += size[gId];
  }
  const fold = new Int32Array(group.length);
  for (let i = 0; i < group.length; i++) fold[i] = foldOfGroup[group[i]];
  return fold;
}

/** Row indices in fold `f` (test) and the rest (train). */
export function splitFold(fold: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  let nTest = 0;
  for (let i = 0; i < fold.length; i++) if (fold[i] === f) nTest++;
  const test = new Int32Array(nTest);
  const train = new Int32Array(fold.length - nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < fold.length; i++) {
    if (fold[i] === f) test[a++] = i;
    else train[b++] = i;
  }
  return { train, test };
}
