/**
 * Suites that synthesize the stack, run Terraform, bundle the handlers or start the CLI: seconds each.
 * `npm run test:unit` runs every other suite; name a new suite `*.slow.test.ts` (or put it under
 * __tests__/e2e/) when it does any of those.
 */
const SLOW_SUITES = { paths: ['/__tests__/e2e/', '\\.slow\\.test\\.ts$'], globs: ['**/__tests__/e2e/**/*.test.ts', '**/*.slow.test.ts'] };

const suites = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  restoreMocks: true,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...suites, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', ...SLOW_SUITES.paths] },
    { ...suites, displayName: 'slow', testMatch: SLOW_SUITES.globs },
  ],
  // Synthesis once per variant per run, shared by the suites (__tests__/helpers/shared-synthesis.ts).
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/global-teardown.ts',
  reporters: ['default', '<rootDir>/jest-summary-reporter.js'],
};
