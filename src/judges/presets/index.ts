import { alpacaEvalDiscrete, alpacaEvalWeighted } from './alpaca-eval-presets.js';
import { arenaHard } from './arena-hard-preset.js';
import { mtBenchPairwise, mtBenchSingle } from './mt-bench-presets.js';
import type { Preset } from './preset.js';
import { wildbenchPairwise, wildbenchScore } from './wildbench-presets.js';
import { preferenceModel, rewardModel } from './scorer-presets.js';

/** The built-in judging protocols, by name. */
export const PRESETS: Record<string, Preset> = Object.fromEntries(
  [
    alpacaEvalWeighted,
    alpacaEvalDiscrete,
    arenaHard,
    mtBenchSingle,
    mtBenchPairwise,
    wildbenchPairwise,
    wildbenchScore,
    preferenceModel,
    rewardModel,
  ].map((p) => [p.name, p]),
);
