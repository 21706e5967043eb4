/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  restoreMocks: true,
  reporters: ['default', '<rootDir>/jest-summary-reporter.js'],
};
