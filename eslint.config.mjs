// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders each layer may not import from: dependencies point down only (see README, Layout). */
const LAYERS = {
  contract: ['asl', 'handlers', 'workflow', 'infra', 'local', 'scripts', 'bench'],
  asl: ['contract', 'handlers', 'workflow', 'infra', 'local', 'scripts', 'bench'],
  handlers: ['asl', 'workflow', 'infra', 'local', 'scripts', 'bench'],
  workflow: ['handlers', 'infra', 'local', 'scripts', 'bench'],
  local: ['handlers', 'workflow', 'infra', 'scripts', 'bench'],
};

const forbidden = (folders) => folders.flatMap((folder) => [`../${folder}`, `../${folder}/*`, `../../${folder}`, `../../${folder}/*`]);

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', 'build/', 'coverage/', '**/*.cjs', '**/*.mjs', 'jest.config.js', 'jest-summary-reporter.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      eqeqeq: 'error',
    },
  },
  ...Object.entries(LAYERS).map(([layer, folders]) => ({
    files: [`${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: forbidden(folders), message: `${layer}/ sits below that folder: dependencies point down only` },
            ...(layer === 'infra' ? [] : [{ group: ['cdktf', 'cdktf/*', '@cdktf/*', 'constructs'], message: 'cdktf stays inside infra/' }]),
          ],
        },
      ],
    },
  })),
  {
    files: ['local/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: forbidden(LAYERS.local),
              message: 'local/ reads what synthesis wrote; it imports contract/ and the resource ARNs only',
            },
            { regex: '^\\.\\./asl(?!/integrations/resources$)', message: 'local/ may import asl/integrations/resources only' },
            { group: ['cdktf', 'cdktf/*', '@cdktf/*', 'constructs'], message: 'cdktf stays inside infra/' },
          ],
        },
      ],
    },
  },
  {
    files: ['__tests__/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
