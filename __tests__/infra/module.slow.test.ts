import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectSynthConfig } from '../../infra/project-synth-config';
import { AWS_REGIONS } from '../../infra/aws-regions';
import { AWS_PROVIDER_RANGE } from '../../infra/image-classification-module';
import { MODULE_TEST_REGION, MODULE_VARIABLES, TWO_INSTANCES } from '../../infra/module-terraform-tests';
import { NAME_PREFIX_EXAMPLE, NAME_PREFIX_VARIABLE } from '../../infra/name-prefix-variable';
import { findProjectRoot } from '../../infra/project-root';
import { extraVariableTests, TESTS_DIR, variableRuns } from '../../infra/stack-terraform-tests';
import { renderString } from '../../infra/terraform-tests';
import { synthesizedStack } from '../helpers/shared-synthesis';
import { findTerraform, terraformSuite, terraform, terraformTests, writeProviderOverride } from '../helpers/terraform';
import type { TerraformJsonLine, TerraformSetup } from '../helpers/terraform';

const workDir = mkdtempSync(join(tmpdir(), 'module-test-'));
const { stackDir, moduleDir } = synthesizedStack();
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

type Block = Record<string, unknown>;
interface Configuration {
  readonly terraform: Block;
  readonly provider?: unknown;
  readonly variable: Record<string, Block>;
  readonly locals: Block;
  readonly output: Record<string, Block>;
  readonly resource: Record<string, Record<string, Block>>;
  readonly data: Record<string, Record<string, Block>>;
}
const read = (dir: string) => readFileSync(join(dir, 'cdk.tf.json'), 'utf8');
const configuration = (dir: string) => JSON.parse(read(dir)) as Configuration;

/** Every region name written in a text. */
const regionsIn = (text: string) => AWS_REGIONS.filter((region) => text.includes(region));

/** cdktf's "//" metadata names each construct's path, which starts with the stack's name. */
const withoutMetadata = (key: string, value: unknown) => (key === '//' ? undefined : value);

/**
 * The module's blocks as the stack writes them: its synth-time prefix for `var.name_prefix`, its
 * provider's region for the caller's (`data.aws_region`), asset paths relative to the folder. In
 * JSON text, so that a bare reference inside an expression becomes a quoted string (`\"us-east-1\"`).
 */
function asTheStackWrites(blocks: unknown, { namePrefix, region }: { namePrefix: string; region: string }): unknown {
  const text = JSON.stringify(blocks, withoutMetadata)
    .replaceAll(`\${var.${NAME_PREFIX_VARIABLE}}`, namePrefix)
    .replaceAll(`var.${NAME_PREFIX_VARIABLE}`, `\\"${namePrefix}\\"`)
    .replace(/\$\{data\.aws_region\.\w+\.id\}/g, region)
    .replace(/data\.aws_region\.\w+\.id/g, `\\"${region}\\"`)
    .replaceAll('${path.module}/', '');
  return JSON.parse(text) as unknown;
}

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

  it('declares the stack’s variables with the same validation, and name_prefix besides', () => {
    const { name_prefix: namePrefix, ...variables } = module.variable;

    expect(variables).toStrictEqual(stack.variable);
    expect(namePrefix).toMatchObject({
      type: 'string',
      validation: [{ condition: '${can(regex("^[a-z][a-z0-9-]{0,29}[a-z0-9]$", var.name_prefix))}' }],
    });
    expect('default' in namePrefix!).toBe(false);
  });

  it('is the stack with var.name_prefix for its prefix, the caller’s region for its provider’s and paths from path.module', () => {
    // So the stack's variable runs (terraform.slow.test.ts) judge the module too, and the module's own
    // Terraform tests need only name_prefix's cases besides (below).
    const { aws_region: callerRegion, ...data } = module.data;
    const blocks = (config: Configuration, dataSources: Configuration['data']) => ({
      resource: config.resource,
      data: dataSources,
      locals: config.locals,
      output: config.output,
    });

    expect(Object.keys(callerRegion ?? {})).toHaveLength(1);
    expect(asTheStackWrites(blocks(module, data), projectSynthConfig(findProjectRoot()))).toStrictEqual(
      JSON.parse(JSON.stringify(blocks(stack, stack.data), withoutMetadata)),
    );
    expect(JSON.stringify(module.resource, withoutMetadata)).not.toContain('image-classification-');
    expect(JSON.stringify(stack.resource, withoutMetadata)).toContain('image-classification-');
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

/** A shipped test file's parts: what precedes its run blocks (header, mock provider, file variables), and the run blocks. */
function testFileParts(dir: string, file: string): { preamble: string; runs: string; variables: Record<string, string> } {
  const text = readFileSync(join(dir, TESTS_DIR, file), 'utf8');
  const firstRun = text.search(/^run "/m);
  const preamble = text.slice(0, firstRun);
  const variablesBlock = /^variables \{\n[\s\S]*?\n\}$/m.exec(preamble)?.[0] ?? '';
  const variables = Object.fromEntries([...variablesBlock.matchAll(/^ {2}(\w+) += (.*)$/gm)].map(([, name, value]) => [name!, value!]));
  return { preamble, runs: text.slice(firstRun), variables };
}

describe('the module’s shipped variable tests', () => {
  it('are the stack’s run blocks, word for word, under main’s mock provider and variables, which set name_prefix besides the stack’s', () => {
    // The stack's suite runs these blocks with Terraform; the module's runs main and name_prefix (below).
    const moduleCases = testFileParts(moduleDir, 'variables.tftest.hcl');
    const stackCases = testFileParts(stackDir, 'variables.tftest.hcl');

    expect(moduleCases.runs.match(/^run "/gm)).toHaveLength(variableRuns().length);
    expect(moduleCases.runs).toBe(stackCases.runs);
    expect(moduleCases.preamble).toBe(testFileParts(moduleDir, 'main.tftest.hcl').preamble);
    expect(moduleCases.variables).toStrictEqual({ ...stackCases.variables, [NAME_PREFIX_VARIABLE]: renderString(NAME_PREFIX_EXAMPLE) });
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

/** The test file of each variable the module declares beyond the stack's, with its runs. */
const OWN_VARIABLE_FILES = extraVariableTests(MODULE_VARIABLES).map(({ fileName, runs }) => ({ path: `${TESTS_DIR}/${fileName}`, runs }));

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
    // -verbose prints each run's plan or state with the provider schemas, about a CPU-second each: only for the two instances.
    [own = [], twoInstances = []] = await terraformTests(setup, [
      { cwd: copy, files: ['tests/main.tftest.hcl', ...OWN_VARIABLE_FILES.map(({ path }) => path)] },
      { cwd: copy, files: ['tests/two_instances.tftest.hcl'], verbose: true },
    ]);
  }, 300_000);

  it('passes its own tests: the whole module applied with the constructs’ assertions, and every case of name_prefix', () => {
    expect(problems(own)).toStrictEqual([]);
    expect(runs(own).map(({ path, run, status }) => ({ path, run, status }))).toStrictEqual([
      { path: 'tests/main.tftest.hcl', run: 'apply', status: 'pass' },
      ...OWN_VARIABLE_FILES.flatMap(({ path, runs: variableCases }) =>
        variableCases.map(({ name }) => ({ path, run: name, status: 'pass' })),
      ),
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
