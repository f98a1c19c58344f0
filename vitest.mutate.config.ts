import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant (`npm run mutate`): the unit tests, which import the TypeScript
 * sources (the CLI tests run the built `dist/`, which a mutant of `src/` does not reach). No global build.
 */
export default defineConfig({
  test: {
    include: [
      'test/stats/**/*.test.ts',
      'test/games/sprt.test.ts',
      'test/games/games-report.test.ts',
      'test/judges/limiter.test.ts',
      'test/judges/providers.test.ts',
      'test/judges/boundaries.property.test.ts',
      'test/judges/judgment-identity.test.ts',
      'test/judges/budget-rule.test.ts',
      'test/judges/provider-errors.test.ts',
      'test/judges/answer-failure.test.ts',
      'test/server/client-address.test.ts',
      'test/io/verdict-mapping.test.ts',
      'test/leaderboard/*.test.ts',
      'test/integrity/audit.test.ts',
    ],
    exclude: ['test/stats/parallel-*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
