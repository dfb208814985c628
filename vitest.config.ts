import { defineConfig } from 'vitest/config';

/**
 * Unit tests that run in Node: every package's `src/**\/*.test.ts` except the edge, whose
 * tests run inside workerd (apps/edge/vitest.config.ts).
 */
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
