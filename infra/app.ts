import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App, TerraformAsset } from 'cdktf';
import type { TerraformStack } from 'cdktf';
import { StackSynthesizer } from 'cdktf/lib/synthesize/synthesizer';
import { stackDeployments } from './environments';
import { polishHcl } from './hcl-rendering';
import { ImageClassificationModule } from './image-classification-module';
import { ImageClassificationStack } from './image-classification-stack';
import { writeModuleTerraformTests } from './module-terraform-tests';
import { earlierStateFile, liveStateProblem, removeStackFolders, staleStackFolders } from './stack-folders';
import { LOCAL_STATE_FILE } from './state-backend';
import { readProjectSynthConfig } from './project-synth-config';
import type { Environment } from './project-synth-config';
import { InvalidSynthConfig } from './synth-config';
import type { SynthConfig } from './synth-config';
import { writeTerraformTests } from './stack-terraform-tests';
import { terraformFmt } from './terraform-fmt';
import { writeWorkflowArtifacts } from './workflow-artifacts';

interface SynthesizedStack {
  /** What `cdktf deploy` takes: `<stackName>`, or `<stackName>-<env>` per environment. */
  readonly stackName: string;
  readonly environment: string | undefined;
  readonly dir: string;
}

interface SynthesisResult {
  /** The first stack's folder: the only one of a project without environments. */
  readonly stackDir: string;
  /** Every stack, in the order of the environments. */
  readonly stacks: readonly SynthesizedStack[];
  /** The module form, `cdktf.out/modules/<stackName>`. */
  readonly moduleDir: string;
  /**
   * Every file this synthesis wrote: per stack its configuration (and metadata.json with HCL), the
   * manifest, the zips, the Terraform tests, the definition and diagram; then the module's.
   */
  readonly artifacts: readonly string[];
  /** Folders of stacks the previous synthesis wrote and this one does not, removed. */
  readonly removed: readonly string[];
  /** What the person synthesizing should know: HCL left unformatted, a state file at the earlier default path. */
  readonly notices: readonly string[];
}

/** What each output format writes into the stack folder; the other format's files are removed. */
const FORMAT_FILES = { json: ['cdk.tf.json'], hcl: ['cdk.tf', 'metadata.json'] } as const;

/** Where synthesis builds the module before moving it into `modules/`, inside the output folder. */
const MODULE_BUILD_DIR = '.module-build';

interface SynthesisOptions {
  /** Where cdktf writes; its default is `cdktf.out`, or CDKTF_OUTDIR. */
  readonly outdir?: string;
  /** Write HCL (`cdk.tf`) instead of JSON; SYNTH_HCL_OUTPUT, as the cdktf CLI sets it, wins over this. */
  readonly hclOutput?: boolean;
  readonly env?: Environment;
}

/** The zips a stack's configuration names, where the synthesis copied them. */
function assetFiles(stack: TerraformStack, dir: string): string[] {
  return stack.node
    .findAll()
    .filter((node): node is TerraformAsset => node instanceof TerraformAsset)
    .map((asset) => join(dir, asset.path));
}

/** An app that writes JSON even when SYNTH_HCL_OUTPUT (which cdktf reads over the app's option) asks for HCL. */
function jsonApp(options: { context: Record<string, unknown>; outdir: string }): App {
  const requested = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = 'false';
  try {
    return new App({ ...options, hclOutput: false });
  } finally {
    if (requested === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = requested;
  }
}

/**
 * The module form, synthesized by an app of its own (cdktf writes every stack of an app into
 * `stacks/` and the manifest, where `cdktf deploy` would find it), then moved to `modules/<stackName>`.
 */
function synthesizeModule(outdir: string, config: SynthConfig, context: Record<string, unknown>): { dir: string; artifacts: string[] } {
  const buildDir = join(outdir, MODULE_BUILD_DIR);
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  const app = jsonApp({ context, outdir: buildDir });
  const module = new ImageClassificationModule(app, { stackName: config.stackName, settings: config });
  app.synth();
  const dir = join(outdir, 'modules', config.stackName);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(outdir, 'modules'), { recursive: true });
  renameSync(join(buildDir, app.manifest.forStack(module).workingDirectory), dir);
  rmSync(buildDir, { recursive: true, force: true });
  return { dir, artifacts: [join(dir, 'cdk.tf.json'), ...assetFiles(module, dir), ...writeModuleTerraformTests(module, dir)] };
}

/**
 * Builds a stack per environment (or the one stack), writes their configurations, then each one's
 * tests, definition and diagram beside it; then the module form; then removes the folders of stacks
 * no longer configured, unless their local state still records resources (then nothing is written).
 */
function synthesize(projectDir: string, { outdir, hclOutput, env = process.env }: SynthesisOptions = {}): SynthesisResult {
  const { config, context } = readProjectSynthConfig(projectDir, env);
  const deployments = stackDeployments(config);
  const app = new App({ context, outdir, hclOutput });
  const stale = staleStackFolders(
    app.outdir,
    deployments.map(({ stackName }) => stackName),
  );
  const kept = stale.flatMap((folder) => liveStateProblem(folder, projectDir) ?? []);
  if (kept.length > 0) throw new InvalidSynthConfig(kept);

  const stacks = deployments.map((deployment) => new ImageClassificationStack(app, { config, deployment }));
  for (const stack of stacks) {
    // cdktf 0.21 stacks read only SYNTH_HCL_OUTPUT, not the app's hclOutput (hashicorp/terraform-cdk#3875).
    if (app.hclOutput) stack.synthesizer = new StackSynthesizer(stack, false, true);
    // Terraform reads every *.tf and *.tf.json of the folder: a stale cdk.tf beside cdk.tf.json duplicates every block.
    for (const file of FORMAT_FILES[app.hclOutput ? 'json' : 'hcl'])
      rmSync(join(app.outdir, 'stacks', stack.node.id, file), { force: true });
  }
  app.synth();

  const notices: string[] = [];
  const artifacts: string[] = [];
  const synthesized = stacks.map((stack): SynthesizedStack => {
    const stackManifest = app.manifest.forStack(stack);
    const dir = join(app.outdir, stackManifest.workingDirectory);
    const configuration = join(app.outdir, stackManifest.synthesizedStackPath);
    if (app.hclOutput) {
      writeFileSync(configuration, polishHcl(readFileSync(configuration, 'utf8')));
      if (!terraformFmt(configuration))
        notices.push(`${relative(projectDir, configuration)} is not formatted: terraform, which formats it, is not on PATH`);
    }
    const { deployment } = stack;
    const earlier = earlierStateFile(projectDir, deployment.stackName);
    if ('local' in deployment.stateBackend && existsSync(earlier) && !existsSync(join(dir, LOCAL_STATE_FILE)))
      notices.push(
        `${relative(projectDir, earlier)} holds this stack's state at its earlier default path; the stack now keeps it in ${relative(projectDir, join(dir, LOCAL_STATE_FILE))}: move it once with "terraform -chdir=${relative(projectDir, dir)} init -migrate-state -force-copy" (README, State)`,
      );
    artifacts.push(
      configuration,
      ...(app.hclOutput ? [join(app.outdir, stackManifest.stackMetadataPath)] : []),
      ...assetFiles(stack, dir),
      ...writeTerraformTests(stack, dir, { region: deployment.region }),
      ...writeWorkflowArtifacts(stack, dir),
    );
    return { stackName: deployment.stackName, environment: deployment.environment, dir };
  });
  const module = synthesizeModule(app.outdir, config, context);
  return {
    stackDir: synthesized[0]!.dir,
    stacks: synthesized,
    moduleDir: module.dir,
    artifacts: [...artifacts, join(app.outdir, 'manifest.json'), ...module.artifacts],
    removed: removeStackFolders(stale),
    notices,
  };
}

export { synthesize };
export type { SynthesisResult, SynthesizedStack };
