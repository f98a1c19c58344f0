/** The throwaway PostgreSQL cluster of the tests (shared with the benchmarks, hence plain JavaScript in scripts/). */
export { postgresBin, startPostgres } from '../../scripts/pg-throwaway.mjs';
export type { ThrowawayPostgres as TestPostgres } from '../../scripts/pg-throwaway.mjs';
