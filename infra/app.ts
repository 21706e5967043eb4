import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { ImageClassificationStack } from './image-classification-stack';
import { readSynthConfig } from './synth-config';
import { writeWorkflowArtifacts } from './workflow-artifacts';

interface SynthesisResult {
  readonly stackDir: string;
  readonly artifacts: readonly string[];
}

/** `cdktf.json` context, so that running the app without the cdktf CLI sees the same options. */
function cdktfJsonContext(projectDir: string): Record<string, unknown> {
  const file = join(projectDir, 'cdktf.json');
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

interface SynthesisOptions {
  /** Where cdktf writes; its default is `cdktf.out`, or CDKTF_OUTDIR. */
  readonly outdir?: string;
  /** Write HCL (`cdk.tf`) instead of JSON; SYNTH_HCL_OUTPUT, as the cdktf CLI sets it, wins over this. */
  readonly hclOutput?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Builds the stack, writes the Terraform configuration, then the definition and diagram beside it. */
function synthesize(projectDir: string, { outdir, hclOutput, env = process.env }: SynthesisOptions = {}): SynthesisResult {
  const app = new App({ context: cdktfJsonContext(projectDir), outdir, hclOutput });
  const config = readSynthConfig((key) => app.node.tryGetContext(key), env);
  const stack = new ImageClassificationStack(app, { config });
  app.synth();
  const stackDir = join(app.outdir, 'stacks', config.stackName);
  return { stackDir, artifacts: writeWorkflowArtifacts(stack, stackDir) };
}

export { synthesize, cdktfJsonContext };
export type { SynthesisResult, SynthesisOptions };
