import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TerraformStack } from 'cdktf';
import type { TerraformVariableName as VariableName } from '../contract/variables';
import { renderTerraformTestFile, stackResources, TerraformTestSuite } from './terraform-tests';
import type { TerraformTestFile, TerraformTestRun } from './terraform-tests';
import { EXAMPLE_VARIABLES } from './deployment-variables';
import { VARIABLE_CASES } from './variable-cases';

const TESTS_DIR = 'tests';

/**
 * The variable cases in as few plans as possible (each plan starts the provider, ~0.7 s): run
 * `accepts_<n>` sets every variable to its n-th accepted value and expects no failure; run
 * `rejects_<n>` sets every variable to its n-th rejected value and expects each of them to fail.
 */
function variableRuns(): TerraformTestRun[] {
  const cases = Object.entries(VARIABLE_CASES) as [VariableName, (typeof VARIABLE_CASES)[VariableName]][];
  const runs = (kind: 'accepts' | 'rejects'): TerraformTestRun[] =>
    Array.from({ length: Math.max(...cases.map(([, values]) => values[kind].length)) }, (_, index) => {
      const variables = Object.fromEntries(
        cases.filter(([, values]) => index < values[kind].length).map(([name, values]) => [name, values[kind][index]!]),
      );
      return {
        name: `${kind}_${index + 1}`,
        command: 'plan',
        variables,
        ...(kind === 'rejects' ? { expectFailures: Object.keys(variables).map((name) => `var.${name}`) } : {}),
      };
    });
  return [...runs('accepts'), ...runs('rejects')];
}

/**
 * The Terraform tests shipped beside the stack: `main` applies the whole configuration with the
 * example variables and checks every assertion the constructs registered; `variables` plans once
 * per accepted and rejected value of each variable.
 */
function stackTerraformTests(stack: TerraformStack): TerraformTestFile[] {
  return [
    {
      fileName: 'main.tftest.hcl',
      variables: EXAMPLE_VARIABLES,
      runs: [{ name: 'apply', command: 'apply', asserts: TerraformTestSuite.of(stack).assertions }],
    },
    { fileName: 'variables.tftest.hcl', variables: EXAMPLE_VARIABLES, runs: variableRuns() },
  ];
}

/** Writes `tests/*.tftest.hcl` into the stack folder and returns their paths. */
function writeTerraformTests(stack: TerraformStack, stackDir: string, region: string): string[] {
  const dir = join(stackDir, TESTS_DIR);
  mkdirSync(dir, { recursive: true });
  const mocked = { region, resources: stackResources(stack) };
  return stackTerraformTests(stack).map((file) => {
    const path = join(dir, file.fileName);
    writeFileSync(path, renderTerraformTestFile(file, mocked));
    return path;
  });
}

export { writeTerraformTests, variableRuns };
