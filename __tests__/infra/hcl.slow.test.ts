import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { synthesize } from '../../infra/app';
import { EXAMPLE_VARIABLES, VARIABLES } from '../../infra/deployment-variables';
import { EXAMPLE_TFVARS_FILE, renderExampleTfvars } from '../../infra/example-tfvars';
import { canonicalSpacing, differingSections, normalizeConfiguration } from '../../infra/hcl-rendering';
import type { Json } from '../../infra/hcl-rendering';
import { findProjectRoot } from '../../infra/project-root';
import { parseHcl } from '../../scripts/hcl-parse';
import { synthesizedStack } from '../helpers/shared-synthesis';

const PROJECT_ROOT = findProjectRoot(__dirname);

describe('the HCL synthesis', () => {
  let hcl: Record<string, Json>;
  let json: Record<string, Json>;
  beforeAll(async () => {
    const hclStack = synthesizedStack({ hclOutput: true }).stackDir;
    const jsonStack = synthesizedStack().stackDir;
    hcl = (await parseHcl('cdk.tf', readFileSync(join(hclStack, 'cdk.tf'), 'utf8'))) as Record<string, Json>;
    json = JSON.parse(readFileSync(join(jsonStack, 'cdk.tf.json'), 'utf8')) as Record<string, Json>;
  }, 60_000);

  it('parses, with the same top-level sections as the JSON', () => {
    expect(Object.keys(hcl).sort()).toStrictEqual(
      Object.keys(json)
        .filter((key) => key !== '//')
        .sort(),
    );
  });

  it.each(['resource', 'data', 'variable', 'output', 'provider', 'terraform'])('says the same as the JSON in every %s block', (section) => {
    expect(normalizeConfiguration(hcl[section]!, [section])).toStrictEqual(normalizeConfiguration(json[section]!, [section]));
  });

  it('differs from the JSON in no section at all', () => {
    expect(differingSections(hcl, json)).toStrictEqual([]);
  });

  it('holds the same state machine definition, character for character', () => {
    const definition = (config: Record<string, Json>) =>
      Object.values((config.resource as Record<string, Record<string, Json>>).aws_sfn_state_machine!).map(
        (block) => (normalizeConfiguration(block) as { definition: string }).definition,
      );

    expect(definition(hcl)).toStrictEqual(definition(json));
  });
});

describe('the HCL synthesis, as terraform fmt -check sees it', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-fmt-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const terraformInstalled = spawnSync('terraform', ['version'], { encoding: 'utf8' }).error === undefined;
  // CI must have Terraform: there the check runs, and fails without it.
  const itWithTerraform = terraformInstalled || process.env.CI === 'true' ? it : it.skip;

  itWithTerraform(
    'writes cdk.tf, the shipped tests and the module form in the formatting terraform fmt -check accepts, and lists metadata.json',
    () => {
      // The shared HCL synthesis is this one: synthesize(PROJECT_ROOT, { outdir, hclOutput: true, env: {} }); fmt -check only reads it.
      const { stackDir, moduleDir, artifacts, notices } = synthesizedStack({ hclOutput: true });

      const check = spawnSync('terraform', ['fmt', '-check', '-recursive', '-no-color', stackDir, moduleDir], {
        encoding: 'utf8',
        env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      });
      expect({ status: check.status, unformatted: check.stdout }).toStrictEqual({ status: 0, unformatted: '' });
      expect(artifacts.slice(0, 2)).toStrictEqual([join(stackDir, 'cdk.tf'), join(stackDir, 'metadata.json')]);
      expect(notices).toStrictEqual([]);
    },
    60_000,
  );

  it('says so when Terraform is not there to format the HCL', () => {
    const binary = process.env.TERRAFORM_BINARY_NAME;
    process.env.TERRAFORM_BINARY_NAME = join(outdir, 'no-terraform-here');
    try {
      const { notices } = synthesize(PROJECT_ROOT, { outdir: join(outdir, 'unformatted'), hclOutput: true, env: {} });

      expect(notices).toStrictEqual([
        `${relative(PROJECT_ROOT, join(outdir, 'unformatted', 'stacks', 'image-classification-workflow', 'cdk.tf'))} is not formatted: terraform, which formats it, is not on PATH`,
      ]);
    } finally {
      if (binary === undefined) delete process.env.TERRAFORM_BINARY_NAME;
      else process.env.TERRAFORM_BINARY_NAME = binary;
    }
  }, 60_000);
});

describe('env/example.tfvars', () => {
  const text = readFileSync(join(PROJECT_ROOT, EXAMPLE_TFVARS_FILE), 'utf8');

  it('is what the variables declare, byte for byte (write it with npx tsx scripts/write-example-tfvars.ts)', () => {
    expect(text).toBe(renderExampleTfvars());
  });

  it('sets every variable of the stack to the example values the shipped tests use, as Terraform parses it', async () => {
    const tfvars = await parseHcl('example.tfvars', text);

    expect(tfvars).toStrictEqual(EXAMPLE_VARIABLES);
    expect(Object.keys(tfvars).sort()).toStrictEqual(Object.keys(VARIABLES).sort());
  });
});

describe('canonicalSpacing', () => {
  it('makes the spacing terraform fmt chooses irrelevant, and keeps string literals as they are', () => {
    const ours = '${jsonencode({"widgets" = [{"type" = "alarm", "title" = "a  {b}"}]})}';
    const formatted = '${jsonencode({ "widgets" = [{ "type"  = "alarm", "title" = "a  {b}" }] })}';

    expect(canonicalSpacing(formatted)).toBe(canonicalSpacing(ours));
    expect(canonicalSpacing(ours)).toContain('"a  {b}"');
    expect(canonicalSpacing('${format("%s", var.a)}')).not.toBe(canonicalSpacing('${format("%s ", var.a)}'));
  });
});
