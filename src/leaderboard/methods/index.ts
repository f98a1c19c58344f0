import type { LeaderboardMethod } from '../method.js';
import { METHOD_LOADERS } from './lazy.js';

/**
 * Every leaderboard method, by name, loaded (the dashboard's method switch, the API, the library): the loaders of
 * lazy.ts, the one list of methods, all run now.
 */
export const LEADERBOARD_METHODS: Record<string, LeaderboardMethod> = Object.fromEntries(
  await Promise.all(Object.entries(METHOD_LOADERS).map(async ([name, load]) => [name, await load()] as const)),
);
