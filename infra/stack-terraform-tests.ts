import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TerraformStack } from 'cdktf';
import { renderTerraformTestFile, stackResources, TerraformTestSuite } from './terraform-tests';
import type { Literal, TerraformTestFile, TerraformTestRun } from './terraform-tests';
import { EXAMPLE_VARIABLES } from './deployment-variables';
import { VARIABLE_CASES } from './variable-cases';
import type { VariableCases } from './variable-cases';

const TESTS_DIR = 'tests';

/** A variable the configuration declares beyond the deployment's (the module's `name_prefix`): its example and cases. */
interface ExtraVariable {
  readonly example: Literal;
  readonly cases: VariableCases;
}

/**
 * The variable cases in as few plans as possible (each plan starts the provider, ~0.7 s): run
 * `accepts_<n>` sets every variable to its n-th accepted value and expects no failure; run
 * `rejects_<n>` sets every variable to its n-th rejected value and expects each of them to fail.
 */
function variableRuns(cases: Readonly<Record<string, VariableCases>> = VARIABLE_CASES): TerraformTestRun[] {
  const entries = Object.entries(cases);
  const runs = (kind: 'accepts' | 'rejects'): TerraformTestRun[] =>
    Array.from({ length: Math.max(...entries.map(([, values]) => values[kind].length)) }, (_, index) => {
      const variables = Object.fromEntries(
        entries.filter(([, values]) => index < values[kind].length).map(([name, values]) => [name, values[kind][index]!]),
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

/** Each extra variable's cases in a test file of their own, named after it. */
function extraVariableTests(extraVariables: Readonly<Record<string, ExtraVariable>>): Omit<TerraformTestFile, 'variables'>[] {
  return Object.entries(extraVariables).map(([name, { cases }]) => ({
    fileName: `${name}.tftest.hcl`,
    runs: variableRuns({ [name]: cases }),
  }));
}

interface ShippedTestsOptions {
  /** The region the mock provider pretends to be in (its mock ARNs and `data.aws_region`). */
  readonly region: string;
  readonly extraVariables?: Readonly<Record<string, ExtraVariable>>;
}

/**
 * The Terraform tests shipped beside the configuration: `main` applies it whole with the example
 * variables and checks every assertion the constructs registered; `variables` plans once per
 * accepted and rejected value of each deployment variable; each extra variable's cases go into a file
 * of their own named after it, so that a configuration with extra variables (the module) ships the
 * stack's `variables` run blocks unchanged.
 */
function stackTerraformTests(stack: TerraformStack, extraVariables: Readonly<Record<string, ExtraVariable>> = {}): TerraformTestFile[] {
  const variables = {
    ...Object.fromEntries(Object.entries(extraVariables).map(([name, { example }]) => [name, example])),
    ...EXAMPLE_VARIABLES,
  };
  return [
    {
      fileName: 'main.tftest.hcl',
      variables,
      runs: [{ name: 'apply', command: 'apply', asserts: TerraformTestSuite.of(stack).assertions }],
    },
    { fileName: 'variables.tftest.hcl', variables, runs: variableRuns() },
    ...extraVariableTests(extraVariables).map((file) => ({ ...file, variables })),
  ];
}

/** Writes `tests/*.tftest.hcl` into the configuration's folder and returns their paths. */
function writeTerraformTests(stack: TerraformStack, dir: string, { region, extraVariables }: ShippedTestsOptions): string[] {
  const testsDir = join(dir, TESTS_DIR);
  mkdirSync(testsDir, { recursive: true });
  const mocked = { region, resources: stackResources(stack) };
  return stackTerraformTests(stack, extraVariables).map((file) => {
    const path = join(testsDir, file.fileName);
    writeFileSync(path, renderTerraformTestFile(file, mocked));
    return path;
  });
}

export { writeTerraformTests, variableRuns, extraVariableTests, TESTS_DIR };
export type { ExtraVariable };
