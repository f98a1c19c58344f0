import { mean, standardError } from './descriptive.js';
import { bootstrapMeanInterval, type BootstrapOptions } from './bootstrap.js';
import { normalInterval, type Interval } from './intervals.js';

/** Result of {@link pairedDifference}, in the units of the inputs. */
export interface PairedDifference {
  n: number;
  /** mean(a − b). */
  difference: number;
  /** sd(a − b, ddof=1)/√n. */
  standardError: number;
  /** Normal interval difference ± z·se. */
  normal: Interval;
  /** Seeded percentile bootstrap over items. */
  bootstrap: Interval;
}

/**
 * Paired comparison of two systems A and B judged against the same baseline on the same items:
 * dᵢ = aᵢ − bᵢ (each the probability of beating the baseline on item i), difference = mean(d) with
 * se = sd(d)/√n. Pairing removes the item-difficulty variance that two independent CIs would double count.
 */
export function pairedDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: BootstrapOptions = {},
): PairedDifference {
  if (a.length !== b.length) throw new RangeError(`pairedDifference: ${a.length} vs ${b.length} items`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < d.length; i++) d[i] = a[i] - b[i];
  const difference = mean(d);
  const se = standardError(d);
  return {
    n: d.length,
    difference,
    standardError: se,
    normal: normalInterval(difference, se, options.confidence),
    bootstrap: bootstrapMeanInterval(d, options),
  };
}
