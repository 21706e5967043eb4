import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizedStack } from '../helpers/shared-synthesis';
import { TWO_ENVIRONMENTS_S3_STATE } from '../helpers/synthesis-variants';
import { findTerraform, terraformSuite, terraform, terraformTests, writeProviderOverride } from '../helpers/terraform';
import type { TerraformJsonLine, TerraformSetup } from '../helpers/terraform';

const STACK = 'image-classification-workflow';
const workDir = mkdtempSync(join(tmpdir(), 'environments-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const { stacks } = synthesizedStack({ context: TWO_ENVIRONMENTS_S3_STATE });

interface Configuration {
  readonly terraform: { readonly backend: { readonly s3: Record<string, unknown> } };
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
}
const configurationOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as Configuration;

/** Every account-wide name a stack gives its resources. */
function names(configuration: Configuration): string[] {
  return Object.entries(configuration.resource).flatMap(([type, blocks]) =>
    Object.values(blocks).flatMap((block) =>
      type === 'aws_iam_role_policy'
        ? []
        : ['name', 'function_name', 'alarm_name', 'dashboard_name'].flatMap((key) =>
            typeof block[key] === 'string' ? [`${type} ${block[key]}`] : [],
          ),
    ),
  );
}

describe('two environments with a remote state backend', () => {
  it('are two stacks whose S3 backends hold distinct keys in one bucket, locked by S3 without a DynamoDB table', () => {
    const backends = stacks.map(({ dir }) => configurationOf(dir).terraform.backend.s3);

    expect(stacks.map(({ stackName }) => stackName)).toStrictEqual([`${STACK}-dev`, `${STACK}-prod`]);
    expect(backends.map(({ key }) => key)).toStrictEqual([
      `image-classification/${STACK}-dev/terraform.tfstate`,
      `image-classification/${STACK}-prod/terraform.tfstate`,
    ]);
    for (const backend of backends) {
      expect(backend).toMatchObject({ bucket: 'team-tf-state', region: 'us-east-1', use_lockfile: true });
      expect(Object.keys(backend)).not.toContain('dynamodb_table');
    }
  });

  it('name no resource alike: every name of one stack is absent from the other', () => {
    const [dev, prod] = stacks.map(({ dir }) => names(configurationOf(dir)));

    expect(dev!.length).toBeGreaterThan(40);
    expect(dev!.filter((name) => prod!.includes(name))).toStrictEqual([]);
  });
});

const availability = findTerraform(workDir);
const { describeWithTerraform, skipped } = terraformSuite(availability);

describeWithTerraform(`terraform test of each environment's stack, with the mock AWS provider${skipped}`, () => {
  const results: Record<string, TerraformJsonLine[]> = {};

  beforeAll(async () => {
    const { setup } = availability as { setup: TerraformSetup };
    const copies = stacks.map(({ stackName, dir }) => {
      const copy = join(workDir, 'plan', stackName);
      cpSync(dir, copy, { recursive: true });
      writeProviderOverride(copy, setup.mirroredAwsVersion);
      // The backend is the S3 bucket, which a test must not reach: terraform test keeps its state in memory.
      terraform(setup, copy, ['init', '-backend=false', '-input=false', '-no-color']);
      return copy;
    });
    const lines = await terraformTests(
      setup,
      copies.map((cwd) => ({ cwd, files: ['tests/main.tftest.hcl'] })),
    );
    for (const [index, { stackName }] of stacks.entries()) results[stackName] = lines[index]!;
  }, 300_000);

  it.each([`${STACK}-dev`, `${STACK}-prod`])('plans and applies %s with every assertion of its constructs, and no warning', (stackName) => {
    const lines = results[stackName]!;
    const problems = lines.filter((line) => line['@level'] === 'error' || line['@level'] === 'warn').map((line) => line['@message']);
    const runs = lines
      .filter((line) => line.type === 'test_run' && line.test_run?.progress === 'complete')
      .map(({ test_run }) => test_run!.status);

    expect({ problems, runs }).toStrictEqual({ problems: [], runs: ['pass'] });
  });

  it('has a backend block Terraform accepts: init reads it and stops only at the credentials check, against a closed local port', () => {
    const { setup } = availability as { setup: TerraformSetup };
    const dir = join(workDir, 'backend', `${STACK}-dev`);
    cpSync(stacks[0]!.dir, dir, { recursive: true });
    // Nothing may reach AWS: both endpoints the S3 backend calls at init point at a port nobody listens on.
    // The backend ignores AWS_MAX_ATTEMPTS: without max_retries=1 it retries STS five times, with backoff (~18 s).
    const closed = 'http://127.0.0.1:9';
    const init = spawnSync('terraform', ['init', '-input=false', '-no-color', '-backend-config=max_retries=1'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...setup.env,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_S3: closed,
        AWS_ENDPOINT_URL_STS: closed,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });

    expect(init.status).toBe(1);
    expect(init.stderr).toContain('validating provider credentials');
    expect(init.stderr).toContain(`${closed.replace('http://', '')}: connect: connection refused`);
  }, 120_000);
});
