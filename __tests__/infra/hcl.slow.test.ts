import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { EXAMPLE_VARIABLES, VARIABLES } from '../../infra/deployment-variables';
import { EXAMPLE_TFVARS_FILE, renderExampleTfvars } from '../../infra/example-tfvars';
import { canonicalSpacing, differingSections, normalizeConfiguration } from '../../infra/hcl-rendering';
import type { Json } from '../../infra/hcl-rendering';
import { findProjectRoot } from '../../infra/project-root';
import { synthesizedStack } from '../helpers/shared-synthesis';

const PROJECT_ROOT = findProjectRoot(__dirname);

describe('the HCL synthesis', () => {
  let hcl: Record<string, Json>;
  let json: Record<string, Json>;
  beforeAll(async () => {
    const hclStack = synthesizedStack({ hclOutput: true }).stackDir;
    const jsonStack = synthesizedStack().stackDir;
    hcl = (await parse('cdk.tf', readFileSync(join(hclStack, 'cdk.tf'), 'utf8'))) as Record<string, Json>;
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

describe('env/example.tfvars', () => {
  const text = readFileSync(join(PROJECT_ROOT, EXAMPLE_TFVARS_FILE), 'utf8');

  it('is what the variables declare, byte for byte (write it with npx tsx scripts/write-example-tfvars.ts)', () => {
    expect(text).toBe(renderExampleTfvars());
  });

  it('sets every variable of the stack to the example values the shipped tests use, as Terraform parses it', async () => {
    const tfvars = await parse('example.tfvars', text);

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
