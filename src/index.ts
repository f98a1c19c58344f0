/**
 * winrate — measure, check and reproduce win rates. The library API: the same computations the CLI runs.
 * @packageDocumentation
 */
export {
  WinrateError,
  InputError,
  QueryError,
  ArgumentError,
  type ErrorCode,
  type ErrorLocation,
} from './core/errors.js';
export {
  codePointLength,
  type Item,
  type ResponseRecord,
  type Comparison,
  type ComparisonStatus,
  type ShownFirst,
  type Grade,
  type MatchResult,
} from './core/model.js';

export { mean, sd, standardError, sigmoid, quantileSorted, normalQuantile } from './stats/descriptive.js';
export { rawWinRate, countOutcomes, winRateVariants, type RawWinRate, type Outcomes } from './stats/win-rate.js';
export { wilsonInterval, normalInterval, type Interval } from './stats/intervals.js';
export { bootstrapMeanInterval, bootstrapMeans, type BootstrapOptions } from './stats/bootstrap.js';
export { pairedDifference, type PairedDifference } from './stats/paired.js';
export {
  lengthControlledWinRate,
  lcAgainst,
  LC_C_GRID,
  type LcInput,
  type LcResult,
  type LcWeights,
  type GamedRows,
} from './stats/length-controlled.js';
export { fitL1Logistic, type SoftLabelRows, type L1FitOptions } from './stats/logistic-l1.js';
export { Rng } from './stats/random.js';

export {
  alpacaEvalDifficulty,
  alpacaEvalGamedRows,
  ALPACA_EVAL_BASELINE,
  ALPACA_EVAL_ANNOTATOR,
} from './presets/alpaca-eval.js';

export type {
  Store,
  ImportBatch,
  ImportSummary,
  ComparisonTable,
  ComparisonFilter,
  StoreStats,
} from './store/store.js';
export { openStore, resolveDbPath, DEFAULT_DB_PATH } from './store/open.js';
export { SqliteStore } from './store/sqlite/sqlite-store.js';

export { readAlpacaEvalFile, ALPACA_EVAL_DATASET } from './io/alpaca-eval.js';
export { readComparisonsFile } from './io/comparisons.js';
export { importFiles, IMPORT_FORMATS, type ImportFormat, type ReadOptions } from './io/import-files.js';

export {
  winRateLeaderboard,
  type WinRateRow,
  type WinRateLeaderboardOptions,
} from './leaderboard/alpaca-eval-leaderboard.js';
export { leaderboardFromStore, type StoreLeaderboardOptions } from './leaderboard/from-store.js';
export { PairIndex, type PairOutcomes } from './leaderboard/pair-outcomes.js';
export {
  ratingLeaderboard,
  type RatingInput,
  type RatingOptions,
  type RatingRow,
  type RatingLeaderboard,
  type RatingMethod,
} from './leaderboard/rating-leaderboard.js';
export { LEADERBOARD_METHODS } from './leaderboard/methods/index.js';
export type {
  LeaderboardMethod,
  LeaderboardResult,
  LeaderboardColumn,
  LeaderboardOptions,
} from './leaderboard/method.js';
export { fitBradleyTerry, toEloScale, eloWinProbability, ELO_SCALE } from './stats/bradley-terry.js';
export { fitStyleBradleyTerry, styleFeatures, type StyleFit, type StyleData } from './stats/style-control.js';
export { onlineElo } from './stats/online-elo.js';
export { pairCells, pairCounts, type PairwiseData, type PairCounts } from './stats/pairwise-data.js';
export { bootstrapRatings } from './stats/rating-bootstrap.js';
export {
  wbReward,
  wbScore,
  wbTaskMacro,
  wbCategoryReward,
  applyLengthPenalty,
  WB_TASK_WEIGHTS,
} from './stats/wildbench.js';
export { mtBenchScores, mtBenchPairVerdict, mtBenchWinRates } from './stats/mt-bench.js';
export { spearman, kendallTauB, pearson } from './stats/correlation.js';
export { readBattlesFile, streamBattlesFile } from './io/battles.js';
export { comparisonsOf, type ComparisonColumns } from './store/comparison-columns.js';
export { CsvParser, CsvSyntaxError, parseCsv } from './io/csv-parser.js';
export { binomial, multinomialInto } from './stats/multinomial.js';
export { readArenaHardFile } from './io/arena-hard.js';
export { readWildBenchFile } from './io/wildbench.js';
export { readMtBenchFile } from './io/mt-bench.js';
export { runJudging, type JudgeSpec, type RunOptions, type RunProgress } from './judges/run.js';
export { planJudging, type JudgingTask, type PlanOptions } from './judges/plan.js';
export { PRESETS } from './judges/presets/index.js';
export { customPreset, type CustomPresetConfig } from './judges/presets/custom-preset.js';
export type { Preset, PairwisePreset, GradingPreset } from './judges/presets/preset.js';
export { OpenAIProvider } from './judges/providers/openai-provider.js';
export { AnthropicProvider } from './judges/providers/anthropic-provider.js';
export { ProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './judges/providers/provider.js';
export { readJudgeConfig, validateJudgeConfig, judgeConfigJsonSchema, type JudgeConfig } from './judges/config.js';
export { generateResponses } from './judges/generate.js';
export { judgeReport, type AgreementReport } from './leaderboard/judge-report.js';
export { juryTable, type JuryMode } from './leaderboard/jury.js';
export { cohenKappa, fleissKappa, krippendorffAlphaNominal } from './stats/agreement.js';
export { createApp } from './server/app.js';
export { buildReport } from './web/report.js';
export type { StudyStore, StudySpec, StudyVote } from './store/studies.js';
