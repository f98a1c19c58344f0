import type { LeaderboardMethod } from '../method.js';
import { arenaHardMethod, btMethod, eloMethod } from './rating-method.js';
import { lcMethod, winRateMethod } from './win-rate-method.js';

/** Every leaderboard method, by name: the CLI's --method choices and the dashboard's method switch. */
export const LEADERBOARD_METHODS: Record<string, LeaderboardMethod> = Object.fromEntries(
  [lcMethod, winRateMethod, btMethod, eloMethod, arenaHardMethod].map((m) => [m.name, m]),
);
