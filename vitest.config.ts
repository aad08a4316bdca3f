import { defineConfig } from 'vitest/config';

// One config for the whole repo. Unit tests sit next to the code they test (`*.test.ts`);
// the property suites over whole simulated runs live in properties/.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'reports/out/**', '.scratch/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Fixes fast-check's seed for every property (FC_SEED=<integer> picks another): CONTRIBUTING.md, "Seeds".
    setupFiles: ['test/setup/fastCheckSeed.ts'],
    // Test files share one module cache per worker: importing the protocol and the world once per
    // worker instead of once per file cuts the suite's wall time by about 3x on 2 cores. Tests must
    // not depend on module-level mutable state (there is none outside bounded caches).
    isolate: false,
  },
});
