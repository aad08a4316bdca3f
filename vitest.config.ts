import { defineConfig } from 'vitest/config';

// One config for the whole repo. Unit tests sit next to the code they test (`*.test.ts`);
// the property suites over whole simulated runs live in properties/.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'reports/out/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: process.env['CI'] ? ['default'] : ['default'],
  },
});
