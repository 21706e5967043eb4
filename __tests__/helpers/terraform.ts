import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the machine keeps a filesystem mirror of the AWS provider (TF_PROVIDER_MIRROR overrides it). */
const DEFAULT_PROVIDER_MIRROR = '/opt/tf-plugins';
const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';
/**
 * Go's garbage collector target for Terraform and the provider: at 400 (Go's default is 100) a
 * `terraform test` of the stack's variable cases takes a fifth less CPU, peaking at ~0.5 GB instead of ~0.25 GB.
 */
const GO_GC_PERCENT = '400';

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
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    GOGC: process.env.GOGC ?? GO_GC_PERCENT,
  };
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

/** How long the provider may take to start and print its reattach configuration. */
const PROVIDER_START_LIMIT_MS = 60_000;
/** A provider server outlives no test run: coreutils' `timeout` ends it even when its jest worker is killed. */
const PROVIDER_LIFETIME_S = 30 * 60;
/** The provider's own logging (TF_LOG would turn it on), which nobody reads here. */
const PROVIDER_LOGS_OFF = {
  TF_LOG_PROVIDER: 'off',
  TF_LOG_SDK: 'off',
  TF_LOG_SDK_PROTO: 'off',
  TF_LOG_SDK_FRAMEWORK: 'off',
  TF_LOG_SDK_MUX: 'off',
};

/** The AWS provider binary that `terraform init` installed into a working directory. */
function installedProvider(cwd: string): string {
  const versions = join(cwd, '.terraform', 'providers', AWS_PROVIDER);
  const binaries = existsSync(versions)
    ? readdirSync(versions).flatMap((version) =>
        readdirSync(join(versions, version)).flatMap((platform) =>
          readdirSync(join(versions, version, platform))
            .filter((file) => file.startsWith('terraform-provider-aws'))
            .map((file) => join(versions, version, platform, file)),
        ),
      )
    : [];
  if (binaries.length !== 1)
    throw new Error(`Expected one AWS provider installed under ${versions} (run terraform init first), found ${binaries.length}`);
  return binaries[0]!;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

interface ProviderServer {
  /** The value of TF_REATTACH_PROVIDERS that makes Terraform use this process. */
  readonly reattach: string;
  stop(): void;
}

/**
 * The installed AWS provider started once in debug mode (`-debug`, meant for debugging providers),
 * which Terraform reattaches to through TF_REATTACH_PROVIDERS. Terraform otherwise starts a provider
 * process for every validate, plan, apply and destroy of every run block, and the AWS provider takes
 * about half a second of CPU to start: most of what a `terraform test` of the stack costs.
 */
async function startProviderServer(setup: TerraformSetup, cwd: string): Promise<ProviderServer> {
  const folder = mkdtempSync(join(cwd, '.provider-'));
  const outputFile = join(folder, 'output.log');
  const output = openSync(outputFile, 'w');
  const provider = [installedProvider(cwd), '-debug'];
  const withTimeout = spawnSync('timeout', ['--version']).status === 0;
  const command = withTimeout ? ['timeout', '-s', 'INT', String(PROVIDER_LIFETIME_S), ...provider] : provider;
  // The plugin's socket goes into the folder: go-plugin leaves it behind when the provider stops.
  // One process configured once per run block: aws-sdk-go-base fails a second configuration with a
  // CA bundle ("unable to add custom RootCAs HTTPClient"), which a test that calls no AWS endpoint never needs.
  const { AWS_CA_BUNDLE: _caBundle, ...env } = setup.env;
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...env, ...PROVIDER_LOGS_OFF, PLUGIN_UNIX_SOCKET_DIR: folder },
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  const stop = () => {
    // In debug mode the provider stops on SIGINT, not SIGTERM; timeout passes the signal on.
    if (!exited(child)) child.kill('SIGINT');
    rmSync(folder, { recursive: true, force: true });
  };
  const deadline = Date.now() + PROVIDER_START_LIMIT_MS;
  for (;;) {
    const text = readFileSync(outputFile, 'utf8');
    const reattach = /TF_REATTACH_PROVIDERS='(.+)'/.exec(text)?.[1];
    if (reattach !== undefined) return { reattach, stop };
    if (exited(child) || Date.now() > deadline) {
      stop();
      throw new Error(`${command.join(' ')} printed no reattach configuration (exit ${child.exitCode ?? child.signalCode}):\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One `terraform test` of terraformTests: the folder it runs in, and its files and verbosity. */
interface TerraformTestInvocation extends TerraformTestOptions {
  readonly cwd: string;
}

/** `terraform test -json` in a folder, attached to a running provider; its lines, whatever the exit code. */
async function runTerraformTest(
  setup: TerraformSetup,
  provider: ProviderServer,
  { cwd, files = [], verbose = false }: TerraformTestInvocation,
): Promise<TerraformJsonLine[]> {
  const outputFile = join(cwd, '.terraform-test-output.jsonl');
  const output = openSync(outputFile, 'w');
  try {
    const args = ['test', '-json', '-no-color', ...(verbose ? ['-verbose'] : []), ...files.map((file) => `-filter=${file}`)];
    const env = { ...setup.env, TF_REATTACH_PROVIDERS: provider.reattach };
    const run = spawn('terraform', args, { cwd, env, stdio: ['ignore', output, 'ignore'] });
    await new Promise<void>((resolve, reject) => {
      run.on('error', reject);
      run.on('close', () => resolve());
    });
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

/**
 * Runs `terraform test -json` once per invocation, all attached to one provider process
 * (startProviderServer, from the first folder's installed provider), which saves a provider start
 * (~1 CPU-second) per invocation after the first; one after the other, since a provider process serves
 * one Terraform at a time. Returns each one's lines. The output goes through a file, which -verbose
 * can make larger than a pipe buffer.
 */
async function terraformTests(setup: TerraformSetup, invocations: readonly TerraformTestInvocation[]): Promise<TerraformJsonLine[][]> {
  const provider = await startProviderServer(setup, invocations[0]!.cwd);
  try {
    const results: TerraformJsonLine[][] = [];
    for (const invocation of invocations) results.push(await runTerraformTest(setup, provider, invocation));
    return results;
  } finally {
    provider.stop();
  }
}

/** terraformTests with one invocation. */
async function terraformTest(setup: TerraformSetup, cwd: string, options: TerraformTestOptions = {}): Promise<TerraformJsonLine[]> {
  const [lines] = await terraformTests(setup, [{ cwd, ...options }]);
  return lines!;
}

/** Every resource and data source of a state, child modules included. */
function stateResources(module: StateModule | undefined): StateResource[] {
  if (module === undefined) return [];
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(stateResources)];
}

/**
 * jest's `describe` for the suites that need Terraform, else `describe.skip`, with `skipped` saying why
 * for the suite's title; under CI=true a missing Terraform is a failing test instead, since CI must run them.
 */
function terraformSuite(availability: TerraformAvailability): { describeWithTerraform: jest.Describe; skipped: string } {
  if ('skipReason' in availability && process.env.CI === 'true') {
    it('finds Terraform, which CI must have', () => {
      throw new Error(`CI=true but ${availability.skipReason}: install Terraform >= 1.7 (terraform test with mock_provider).`);
    });
  }
  return {
    describeWithTerraform: 'setup' in availability ? describe : describe.skip,
    skipped: 'skipReason' in availability ? ` (skipped: ${availability.skipReason})` : '',
  };
}

export { findTerraform, terraformSuite, writeProviderOverride, terraform, terraformTest, terraformTests, stateResources };
export type { TerraformSetup, TerraformJsonLine, TerraformAvailability, StateResource };
