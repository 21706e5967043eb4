import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the machine keeps a filesystem mirror of the AWS provider (TF_PROVIDER_MIRROR overrides it). */
const DEFAULT_PROVIDER_MIRROR = '/opt/tf-plugins';
const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';

interface TerraformSetup {
  /** Environment for every terraform command: the CLI config pointing at the mirror, no checkpoint calls. */
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
  /** The mirrored provider version, pinned by an override file in place of the configuration's. */
  readonly mirroredAwsVersion: string | undefined;
}

type TerraformAvailability = { readonly setup: TerraformSetup } | { readonly skipReason: string };

/**
 * Terraform from PATH with the provider mirror when there is one. Without a mirror, `terraform init`
 * downloads the configuration's own provider version from the registry.
 */
function findTerraform(workDir: string): TerraformAvailability {
  const probe = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (probe.error !== undefined || probe.status !== 0)
    return { skipReason: `terraform is not on PATH (${probe.error?.message ?? probe.stderr.trim()})` };
  const version = (JSON.parse(probe.stdout) as { terraform_version: string }).terraform_version;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < 1 || (major === 1 && minor < 7))
    return { skipReason: `terraform ${version} is older than 1.7, which brought mock_provider to terraform test` };
  const mirror = process.env.TF_PROVIDER_MIRROR ?? DEFAULT_PROVIDER_MIRROR;
  const providerDir = join(mirror, AWS_PROVIDER);
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  if (!existsSync(providerDir)) return { setup: { env, version, mirroredAwsVersion: undefined } };
  const cliConfig = join(workDir, 'terraform.rc');
  writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["${AWS_PROVIDER}"]\n  }\n  direct {\n    exclude = ["${AWS_PROVIDER}"]\n  }\n}\n`,
  );
  const mirroredAwsVersion = readdirSync(providerDir).sort().at(-1);
  return { setup: { env: { ...env, TF_CLI_CONFIG_FILE: cliConfig }, version, mirroredAwsVersion } };
}

/** Pins the mirrored provider version over the configuration's (Terraform merges `*_override.tf.json`). */
function writeProviderOverride(stackDir: string, version: string | undefined): void {
  if (version === undefined) return;
  writeFileSync(
    join(stackDir, 'provider_override.tf.json'),
    `${JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version } } } }, null, 2)}\n`,
  );
}

function terraform(setup: TerraformSetup, cwd: string, args: readonly string[]): string {
  return execFileSync('terraform', args, { cwd, env: setup.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** A resource or data source of a state, as `terraform show -json` and `terraform test -verbose -json` write it. */
interface StateResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly values: Record<string, unknown>;
}

interface StateModule {
  readonly resources?: readonly StateResource[];
  readonly child_modules?: readonly StateModule[];
}

/** `terraform test -json`'s machine-readable lines. */
interface TerraformJsonLine {
  readonly type: string;
  readonly '@level': string;
  readonly '@message': string;
  readonly '@testrun'?: string;
  /** With -verbose, after each apply run: the state (its provider schemas dropped here). */
  readonly test_state?: { readonly root_module?: StateModule };
  readonly test_run?: { readonly path: string; readonly run: string; readonly status: string; readonly progress?: string };
  readonly test_summary?: {
    readonly status: string;
    readonly passed: number;
    readonly failed: number;
    readonly errored: number;
    readonly skipped: number;
  };
  readonly test_plan?: Record<string, unknown>;
  readonly diagnostic?: {
    readonly severity: string;
    readonly summary: string;
    readonly detail?: string;
    readonly range?: { readonly filename: string };
  };
}

interface TerraformTestOptions {
  /** Test files to run (`-filter`), all when none. */
  readonly files?: readonly string[];
  /** `-verbose`: each run's state (or plan) on a line of its own, with the provider schemas (megabytes per run). */
  readonly verbose?: boolean;
}

/**
 * Runs `terraform test -json` and returns its lines, whatever the exit code. The output goes through
 * a file, which -verbose can make larger than a pipe buffer.
 */
function terraformTest(
  setup: TerraformSetup,
  cwd: string,
  { files = [], verbose = false }: TerraformTestOptions = {},
): TerraformJsonLine[] {
  const outputFile = join(cwd, '.terraform-test-output.jsonl');
  const output = openSync(outputFile, 'w');
  try {
    const args = ['test', '-json', '-no-color', ...(verbose ? ['-verbose'] : []), ...files.map((file) => `-filter=${file}`)];
    const result = spawnSync('terraform', args, { cwd, env: setup.env, stdio: ['ignore', output, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    if (result.error !== undefined) throw result.error;
  } finally {
    closeSync(output);
  }
  const text = readFileSync(outputFile, 'utf8');
  rmSync(outputFile);
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      const parsed = JSON.parse(line) as TerraformJsonLine & {
        test_state?: { provider_schemas?: unknown };
        test_plan?: { provider_schemas?: unknown };
      };
      delete parsed.test_state?.provider_schemas;
      delete parsed.test_plan?.provider_schemas;
      return parsed;
    });
}

/** Every resource and data source of a state, child modules included. */
function stateResources(module: StateModule | undefined): StateResource[] {
  if (module === undefined) return [];
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(stateResources)];
}

export { findTerraform, writeProviderOverride, terraform, terraformTest, stateResources };
export type { TerraformSetup, TerraformJsonLine, TerraformAvailability, StateResource };
