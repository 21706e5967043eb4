import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_REGIONS } from '../../infra/aws-regions';
import { AWS_PROVIDER_RANGE } from '../../infra/image-classification-module';
import { MODULE_TEST_REGION, MODULE_VARIABLES, TWO_INSTANCES } from '../../infra/module-terraform-tests';
import { variableRuns } from '../../infra/stack-terraform-tests';
import { synthesizedStack } from '../helpers/shared-synthesis';
import { findTerraform, terraformSuite, terraform, terraformTest, writeProviderOverride } from '../helpers/terraform';
import type { TerraformJsonLine, TerraformSetup } from '../helpers/terraform';

const workDir = mkdtempSync(join(tmpdir(), 'module-test-'));
const { stackDir, moduleDir } = synthesizedStack();
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

type Block = Record<string, unknown>;
interface Configuration {
  readonly terraform: Block;
  readonly provider?: unknown;
  readonly variable: Record<string, Block>;
  readonly output: Record<string, Block>;
  readonly resource: Record<string, Record<string, Block>>;
  readonly data: Record<string, Record<string, Block>>;
}
const read = (dir: string) => readFileSync(join(dir, 'cdk.tf.json'), 'utf8');
const configuration = (dir: string) => JSON.parse(read(dir)) as Configuration;

/** Every region name written in a text. */
const regionsIn = (text: string) => AWS_REGIONS.filter((region) => text.includes(region));

describe('the module form (cdktf.out/modules/<stack>)', () => {
  const module = configuration(moduleDir);
  const stack = configuration(stackDir);

  it('has no provider block, no backend and no cdktf metadata, and admits every 6.x AWS provider', () => {
    expect(module.provider).toBeUndefined();
    expect(module.terraform).toStrictEqual({ required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_RANGE } } });
    expect(AWS_PROVIDER_RANGE).toBe('>= 6.0, < 7.0');
    expect(Object.keys(module)).not.toContain('//');
  });

  it('writes no region: region, account and partition come from the caller’s provider through data sources', () => {
    expect(regionsIn(read(moduleDir))).toStrictEqual([]);
    expect(Object.keys(module.data).filter((type) => ['aws_region', 'aws_caller_identity', 'aws_partition'].includes(type))).toHaveLength(
      3,
    );
    expect(read(moduleDir)).toContain('${data.aws_region.aws_context_region_');
    // The deployable stack, by contrast, names its provider's region.
    expect(regionsIn(read(stackDir))).toStrictEqual(['us-east-1']);
  });

  it('finds its zips from path.module, where the synthesis put them', () => {
    const functions = Object.values(module.resource.aws_lambda_function!);

    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      const filename = fn.filename as string;
      expect(filename).toMatch(/^\$\{path\.module\}\/assets\/.+\.zip$/);
      expect(existsSync(join(moduleDir, filename.replace('${path.module}/', '')))).toBe(true);
      expect(fn.source_code_hash).toBe(`\${filebase64sha256("${filename}")}`);
    }
  });

  it('declares the stack’s variables with the same validation, name_prefix besides, and the same outputs', () => {
    const { name_prefix: namePrefix, ...variables } = module.variable;

    expect(variables).toStrictEqual(stack.variable);
    expect(namePrefix).toMatchObject({
      type: 'string',
      validation: [{ condition: '${can(regex("^[a-z][a-z0-9-]{0,29}[a-z0-9]$", var.name_prefix))}' }],
    });
    expect('default' in namePrefix!).toBe(false);
    expect(Object.keys(module.output).sort()).toStrictEqual(Object.keys(stack.output).sort());
  });

  it('holds the stack’s resources at the same addresses, named from var.name_prefix instead of the synth-time prefix', () => {
    const addresses = (config: Configuration) =>
      Object.entries(config.resource).flatMap(([type, blocks]) => Object.keys(blocks).map((id) => `${type}.${id}`));

    expect(addresses(module).sort()).toStrictEqual(addresses(stack).sort());
    // cdktf's "//" metadata names each construct's path, which starts with the stack's name.
    const withoutMetadata = JSON.stringify(module.resource, (key, value: unknown) => (key === '//' ? undefined : value));
    expect(withoutMetadata).not.toContain('image-classification-');
    expect(JSON.stringify(stack.resource, (key, value: unknown) => (key === '//' ? undefined : value))).toContain('image-classification-');
    expect(
      Object.values(module.resource.aws_lambda_function!)
        .map((fn) => fn.function_name)
        .sort(),
    ).toStrictEqual([
      '${var.name_prefix}-classifyImageData',
      '${var.name_prefix}-filterInferenceData',
      '${var.name_prefix}-serializeImageData',
      '${var.name_prefix}-summarizeBatchResults',
    ]);
  });
});

const availability = findTerraform(workDir);
const { describeWithTerraform, skipped } = terraformSuite(availability);

/** A plan's or state's JSON without the provider schemas Terraform adds to -verbose output (their docs name regions). */
function withoutSchemas(document: Record<string, unknown> | undefined): string {
  const { provider_schemas: _schemas, ...rest } = document ?? {};
  return JSON.stringify(rest);
}

interface StateResource {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
}

/** Attributes that hold a resource's account-wide name; `aws_iam_role_policy`'s name is unique only within its role. */
const NAME_ATTRIBUTES = ['name', 'function_name', 'alarm_name', 'dashboard_name'];
const NAMES_WITHIN_A_PARENT = new Set(['aws_iam_role_policy']);

describeWithTerraform(`terraform test of the module, with the mock AWS provider${skipped}`, () => {
  let own: TerraformJsonLine[] = [];
  let twoInstances: TerraformJsonLine[] = [];
  const runs = (lines: TerraformJsonLine[]) =>
    lines.filter((line) => line.type === 'test_run' && line.test_run?.progress === 'complete').map(({ test_run }) => test_run!);
  const problems = (lines: TerraformJsonLine[]) =>
    lines
      .filter((line) => line['@level'] === 'error' || line['@level'] === 'warn')
      .map((line) => `${line['@message']}\n${line.diagnostic?.detail ?? ''}`);

  beforeAll(async () => {
    const { setup } = availability as { setup: TerraformSetup };
    const copy = join(workDir, 'module');
    cpSync(moduleDir, copy, { recursive: true });
    writeProviderOverride(copy, setup.mirroredAwsVersion);
    terraform(setup, copy, ['init', '-input=false', '-no-color']);
    own = await terraformTest(setup, copy, { files: ['tests/main.tftest.hcl', 'tests/variables.tftest.hcl'] });
    twoInstances = await terraformTest(setup, copy, { files: ['tests/two_instances.tftest.hcl'], verbose: true });
  }, 300_000);

  it('passes its own tests: the whole module applied with the constructs’ assertions, and every variable case, name_prefix included', () => {
    expect(problems(own)).toStrictEqual([]);
    expect(runs(own).map(({ path, run, status }) => ({ path, run, status }))).toStrictEqual([
      { path: 'tests/main.tftest.hcl', run: 'apply', status: 'pass' },
      ...variableRuns(MODULE_VARIABLES).map(({ name }) => ({
        path: 'tests/variables.tftest.hcl',
        run: name,
        status: 'pass',
      })),
    ]);
  });

  it('plans and applies a root calling it twice with for_each, its provider in eu-west-1, each instance named after its prefix', () => {
    expect(problems(twoInstances)).toStrictEqual([]);
    expect(runs(twoInstances).map(({ run, status }) => ({ run, status }))).toStrictEqual([
      { run: 'plan', status: 'pass' },
      { run: 'apply', status: 'pass' },
    ]);
  });

  it('has no us-east-1, and no region but the caller’s, in the plan or the state of the two instances', () => {
    const plan = withoutSchemas(twoInstances.find((line) => line.type === 'test_plan')?.test_plan);
    const state = withoutSchemas(twoInstances.find((line) => line.type === 'test_state')?.test_state);

    expect({
      planChanges: plan.includes('"resource_changes"'),
      stateInstances: state.includes('module.pipeline[\\"ic-prod\\"]'),
    }).toStrictEqual({
      planChanges: true,
      stateInstances: true,
    });
    expect({ plan: regionsIn(plan), state: regionsIn(state) }).toStrictEqual({ plan: [MODULE_TEST_REGION], state: [MODULE_TEST_REGION] });
  });

  it('gives no two resources of the two instances the same name, each name holding its instance’s prefix', () => {
    const state = twoInstances.find((line) => line.type === 'test_state')!.test_state as {
      root_module: { child_modules: { resources: StateResource[] }[] };
    };
    const named = state.root_module.child_modules
      .flatMap((module) => module.resources)
      .filter(({ mode, type }) => mode === 'managed' && !NAMES_WITHIN_A_PARENT.has(type))
      .flatMap(({ address, type, values }) => {
        const attribute = NAME_ATTRIBUTES.find((name) => typeof values[name] === 'string');
        return attribute === undefined
          ? []
          : [{ address, key: `${type} ${values[attribute] as string}`, name: values[attribute] as string }];
      });
    const duplicates = named.filter(({ key }, index) => named.findIndex((other) => other.key === key) !== index);
    const outsidePrefix = named.filter(
      ({ address, name }) => !TWO_INSTANCES.some((prefix) => address.includes(`["${prefix}"]`) && name.includes(prefix)),
    );

    expect(named.length).toBeGreaterThan(2 * 40);
    expect({ duplicates, outsidePrefix }).toStrictEqual({ duplicates: [], outsidePrefix: [] });
  });
});
