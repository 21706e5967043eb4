const { availableParallelism } = require('node:os');

/**
 * Suites that synthesize the stack, run Terraform, bundle the handlers or start the CLI: seconds each.
 * `npm run test:unit` runs every other suite; name a new suite `*.slow.test.ts` (or put it under
 * __tests__/e2e/) when it does any of those.
 */
const SLOW_SUITES = ['/__tests__/e2e/', '\\.slow\\.test\\.ts$'];

const suites = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  restoreMocks: true,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    // A suite of the unit project that asks for a synthesis fails, naming the rule (helpers/shared-synthesis.ts).
    { ...suites, displayName: 'unit', testPathIgnorePatterns: ['/node_modules/', ...SLOW_SUITES], globals: { synthesisAllowed: false } },
    // Exactly the suites the unit project leaves out: it ignores every path that matches none of them.
    { ...suites, displayName: 'slow', testPathIgnorePatterns: ['/node_modules/', `^(?!.*(${SLOW_SUITES.join('|')}))`] },
  ],
  // Synthesis once per variant per run, shared by the suites (__tests__/helpers/shared-synthesis.ts).
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/global-teardown.ts',
  // jest's default, one worker fewer than the cores, runs a 2-core machine in band; the slow suites
  // wait on child processes (Terraform, the functions, the CLI) for much of their time, which a
  // second worker fills.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // Tests that start child processes share the machine with a second worker: 30 s, not jest's 5 s,
  // before a test counts as hung (a global option: jest ignores it in a project).
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/jest-summary-reporter.js'],
};
