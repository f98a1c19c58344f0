import type { LeaderboardMethod } from '../method.js';
import { arenaHardMethod, btMethod, eloMethod } from './rating-method.js';
import { lcMethod, winRateMethod } from './win-rate-method.js';
import { wbRewardMethod, wbScoreMethod } from './wildbench-methods.js';
import { mtBenchMethod, mtBenchPairwiseMethod } from './mt-bench-methods.js';
import { arenaHardV2Method } from './arena-hard-v2-method.js';
import { groupsMethod, variantsMethod } from './variants-method.js';

/** Every leaderboard method, by name: the CLI's --method choices and the dashboard's method switch. */
export const LEADERBOARD_METHODS: Record<string, LeaderboardMethod> = Object.fromEntries(
  [lcMethod, winRateMethod, btMethod, eloMethod, arenaHardMethod, arenaHardV2Method, wbRewardMethod, wbScoreMethod, mtBenchMethod, mtBenchPairwiseMethod, variantsMethod, groupsMethod].map((m) => [m.name, m]),
);
