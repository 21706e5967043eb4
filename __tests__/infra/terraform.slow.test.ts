import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { variableRuns } from '../../infra/stack-terraform-tests';
import { synthesizedStack } from '../helpers/shared-synthesis';
import { findTerraform, terraformSuite, terraform, terraformTest, writeProviderOverride } from '../helpers/terraform';
import type { TerraformJsonLine, TerraformSetup } from '../helpers/terraform';

const workDir = mkdtempSync(join(tmpdir(), 'terraform-test-'));
const availability = findTerraform(workDir);
const HCL_MODULE = 'hcl';

/**
 * The stack as ops get it, in a temporary copy: the JSON configuration with its shipped tests, and the
 * HCL synthesis beside it as a module that one more test file applies with the same assertions, so
 * one `terraform init` and one `terraform test` (one provider schema load) judge both.
 */
function prepareStack(setup: TerraformSetup): string {
  const stackDir = join(workDir, 'stack');
  cpSync(synthesizedStack().stackDir, stackDir, { recursive: true });
  const hclDir = join(stackDir, HCL_MODULE);
  cpSync(synthesizedStack({ hclOutput: true }).stackDir, hclDir, {
    recursive: true,
    filter: (source) => !source.endsWith('/tests'),
  });
  writeProviderOverride(stackDir, setup.mirroredAwsVersion);
  writeProviderOverride(hclDir, setup.mirroredAwsVersion);
  const main = readFileSync(join(stackDir, 'tests', 'main.tftest.hcl'), 'utf8');
  writeFileSync(
    join(stackDir, 'tests', 'hcl.tftest.hcl'),
    main.replace(
      /^run "apply" \{\n {2}command = apply\n/m,
      `run "hcl_apply" {\n  command = apply\n\n  module {\n    source = "./${HCL_MODULE}"\n  }\n`,
    ),
  );
  return stackDir;
}

const { describeWithTerraform, skipped } = terraformSuite(availability);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

if ('skipReason' in availability && process.env.CI !== 'true') {
  console.warn(
    `Skipped terraform test of the synthesized stack: ${availability.skipReason}. Install Terraform >= 1.7 to run it (CI=true makes this a failure).`,
  );
}

describeWithTerraform(`terraform test of the synthesized stack, with the mock AWS provider${skipped}`, () => {
  let lines: TerraformJsonLine[] = [];
  const runs = () =>
    lines.filter((line) => line.type === 'test_run' && line.test_run?.progress === 'complete').map((line) => line.test_run!);

  beforeAll(async () => {
    const { setup } = availability as { setup: TerraformSetup };
    const stackDir = prepareStack(setup);
    terraform(setup, stackDir, ['init', '-backend=false', '-input=false', '-no-color']);
    lines = await terraformTest(setup, stackDir);
  }, 180_000);

  it('passes every run of every file, the JSON and the HCL configuration alike', () => {
    const failures = runs().filter((run) => run.status !== 'pass');
    const errors = lines
      .filter((line) => line['@level'] === 'error')
      .map((line) => `${line['@message']}\n${line.diagnostic?.detail ?? ''}`);

    expect({ failures, errors }).toStrictEqual({ failures: [], errors: [] });
    expect(lines.find((line) => line.type === 'test_summary')?.test_summary).toMatchObject({
      status: 'pass',
      failed: 0,
      errored: 0,
      skipped: 0,
    });
  });

  it('applies the whole configuration with the constructs assertions, from JSON and from HCL', () => {
    expect(
      runs()
        .filter((run) => run.run.endsWith('apply'))
        .map(({ path, run, status }) => ({ path, run, status })),
    ).toStrictEqual([
      { path: 'tests/hcl.tftest.hcl', run: 'hcl_apply', status: 'pass' },
      { path: 'tests/main.tftest.hcl', run: 'apply', status: 'pass' },
    ]);
  });

  it('has Terraform accept every accepted variable value and reject every rejected one', () => {
    const variableCases = runs().filter((run) => run.path === 'tests/variables.tftest.hcl');

    expect(variableCases.map(({ run, status }) => ({ run, status }))).toStrictEqual(
      variableRuns().map(({ name }) => ({ run: name, status: 'pass' })),
    );
  });

  it('raises no warning, in particular no deprecated quoted reference', () => {
    // The HCL copy keeps its backend block, which Terraform ignores in a module: expected here only.
    const moduleBackend = (line: TerraformJsonLine) =>
      line.diagnostic?.summary === 'Backend configuration ignored' && line.diagnostic.range?.filename === `${HCL_MODULE}/cdk.tf`;
    const warnings = lines.filter((line) => line['@level'] === 'warn' && !moduleBackend(line)).map((line) => line['@message']);

    expect(warnings).toStrictEqual([]);
  });
});
