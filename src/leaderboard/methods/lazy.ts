import type { LeaderboardMethod } from '../method.js';

/**
 * Every leaderboard method by name, its module loaded on demand: the one list of methods. The CLI names the choices
 * of --method and runs one method without loading the others (and their statistics) at start-up; LEADERBOARD_METHODS
 * (index.ts) loads them all.
 */
export const METHOD_LOADERS: Record<string, () => Promise<LeaderboardMethod>> = {
  lc: async () => (await import('./win-rate-method.js')).lcMethod,
  winrate: async () => (await import('./win-rate-method.js')).winRateMethod,
  bt: async () => (await import('./rating-method.js')).btMethod,
  elo: async () => (await import('./rating-method.js')).eloMethod,
  'arena-hard': async () => (await import('./rating-method.js')).arenaHardMethod,
  'arena-hard-v2': async () => (await import('./arena-hard-v2-method.js')).arenaHardV2Method,
  'wb-reward': async () => (await import('./wildbench-methods.js')).wbRewardMethod,
  'wb-score': async () => (await import('./wildbench-methods.js')).wbScoreMethod,
  'mt-bench': async () => (await import('./mt-bench-methods.js')).mtBenchMethod,
  'mt-bench-pairwise': async () => (await import('./mt-bench-methods.js')).mtBenchPairwiseMethod,
  variants: async () => (await import('./variants-method.js')).variantsMethod,
  groups: async () => (await import('./variants-method.js')).groupsMethod,
};

/** The names of the leaderboard methods, in the registry's order. */
export const METHOD_NAMES: readonly string[] = Object.keys(METHOD_LOADERS);

/** The method of this name, its module loaded now (undefined for an unknown name). */
export async function loadMethod(name: string): Promise<LeaderboardMethod | undefined> {
  return Object.hasOwn(METHOD_LOADERS, name) ? METHOD_LOADERS[name]() : undefined;
}
