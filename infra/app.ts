import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformAsset } from 'cdktf';
import { StackSynthesizer } from 'cdktf/lib/synthesize/synthesizer';
import { polishHcl } from './hcl-rendering';
import { ImageClassificationStack } from './image-classification-stack';
import { readSynthConfig } from './synth-config';
import type { SynthConfig } from './synth-config';
import { writeTerraformTests } from './stack-terraform-tests';
import { writeWorkflowArtifacts } from './workflow-artifacts';

interface SynthesisResult {
  readonly stackDir: string;
  /** Every file this synthesis wrote: the configuration, the zips, the Terraform tests, the definition and diagram. */
  readonly artifacts: readonly string[];
}

/** What each output format writes into the stack folder; the other format's files are removed. */
const FORMAT_FILES = { json: ['cdk.tf.json'], hcl: ['cdk.tf', 'metadata.json'] } as const;

interface ProjectContext {
  readonly values: Record<string, unknown>;
  /** The keys `cdktf.json` sets, checked against the options. */
  readonly fileKeys: readonly string[];
  /** A `cdktf.json` or CDKTF_CONTEXT_JSON that cannot be read, reported with the option problems. */
  readonly problems: readonly string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses JSON that should hold an object, naming where it came from when it does not. */
function readJsonObject(text: string, where: string, problems: string[]): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
    problems.push(`${where} must hold a JSON object, got: ${text.slice(0, 80)}`);
  } catch (error) {
    problems.push(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  return {};
}

/** The context the app sees: `cdktf.json`, then what the cdktf CLI passes in CDKTF_CONTEXT_JSON. */
function projectContext(projectDir: string, env: Environment): ProjectContext {
  const problems: string[] = [];
  const file = join(projectDir, 'cdktf.json');
  const cdktfJson = existsSync(file) ? readJsonObject(readFileSync(file, 'utf8'), file, problems) : {};
  const fileContext = cdktfJson.context ?? {};
  if (!isObject(fileContext)) problems.push(`${file} "context" must be an object, got: ${JSON.stringify(fileContext)}`);
  const fromFile = isObject(fileContext) ? fileContext : {};
  const fromCli = env.CDKTF_CONTEXT_JSON === undefined ? {} : readJsonObject(env.CDKTF_CONTEXT_JSON, 'CDKTF_CONTEXT_JSON', problems);
  return { values: { ...fromFile, ...fromCli }, fileKeys: Object.keys(fromFile), problems };
}

function readProjectSynthConfig(projectDir: string, env: Environment): { config: SynthConfig; context: Record<string, unknown> } {
  const { values, fileKeys, problems } = projectContext(projectDir, env);
  const config = readSynthConfig((key) => values[key], env, { contextKeys: fileKeys, contextFile: 'cdktf.json', problems });
  return { config, context: values };
}

interface SynthesisOptions {
  /** Where cdktf writes; its default is `cdktf.out`, or CDKTF_OUTDIR. */
  readonly outdir?: string;
  /** Write HCL (`cdk.tf`) instead of JSON; SYNTH_HCL_OUTPUT, as the cdktf CLI sets it, wins over this. */
  readonly hclOutput?: boolean;
  readonly env?: Environment;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** The synth options as synthesis reads them, for tools that need them without synthesizing. */
function projectSynthConfig(projectDir: string, env: Environment = process.env): SynthConfig {
  return readProjectSynthConfig(projectDir, env).config;
}

/** Builds the stack, writes the Terraform configuration, then the definition and diagram beside it. */
function synthesize(projectDir: string, { outdir, hclOutput, env = process.env }: SynthesisOptions = {}): SynthesisResult {
  const { config, context } = readProjectSynthConfig(projectDir, env);
  const app = new App({ context, outdir, hclOutput });
  const stack = new ImageClassificationStack(app, { config });
  // cdktf 0.21 stacks read only SYNTH_HCL_OUTPUT, not the app's hclOutput (hashicorp/terraform-cdk#3875).
  if (app.hclOutput) stack.synthesizer = new StackSynthesizer(stack, false, true);
  const stackDir = join(app.outdir, 'stacks', config.stackName);
  // Terraform reads every *.tf and *.tf.json of the folder: a stale cdk.tf beside cdk.tf.json
  // duplicates every block.
  for (const file of FORMAT_FILES[app.hclOutput ? 'json' : 'hcl']) rmSync(join(stackDir, file), { force: true });
  app.synth();
  const stackManifest = app.manifest.forStack(stack);
  if (app.hclOutput) {
    const hclFile = join(app.outdir, stackManifest.synthesizedStackPath);
    writeFileSync(hclFile, polishHcl(readFileSync(hclFile, 'utf8')));
  }
  const configuration = [stackManifest.synthesizedStackPath, ...(app.hclOutput ? [stackManifest.stackMetadataPath] : [])].map((path) =>
    join(app.outdir, path),
  );
  const assets = stack.node
    .findAll()
    .filter((node): node is TerraformAsset => node instanceof TerraformAsset)
    .map((asset) => join(stackDir, asset.path));
  return {
    stackDir,
    artifacts: [
      ...configuration,
      join(app.outdir, 'manifest.json'),
      ...assets,
      ...writeTerraformTests(stack, stackDir, config.region),
      ...writeWorkflowArtifacts(stack, stackDir),
    ],
  };
}

export { synthesize, projectSynthConfig };
