import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { StackSynthesizer } from 'cdktf/lib/synthesize/synthesizer';
import { ImageClassificationStack } from './image-classification-stack';
import { readSynthConfig } from './synth-config';
import { writeWorkflowArtifacts } from './workflow-artifacts';

interface SynthesisResult {
  readonly stackDir: string;
  readonly artifacts: readonly string[];
}

/** `cdktf.json` context, so that running the app without the cdktf CLI sees the same options (the CLI passes CDKTF_CONTEXT_JSON). */
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
  const context = { ...cdktfJsonContext(projectDir), ...(JSON.parse(env.CDKTF_CONTEXT_JSON ?? '{}') as Record<string, unknown>) };
  const config = readSynthConfig((key) => context[key], env);
  const app = new App({ context, outdir, hclOutput });
  const stack = new ImageClassificationStack(app, { config });
  // cdktf 0.21 stacks read only SYNTH_HCL_OUTPUT, not the app's hclOutput (hashicorp/terraform-cdk#3875).
  if (app.hclOutput) stack.synthesizer = new StackSynthesizer(stack, false, true);
  app.synth();
  const stackDir = join(app.outdir, 'stacks', config.stackName);
  return { stackDir, artifacts: writeWorkflowArtifacts(stack, stackDir) };
}

export { synthesize, cdktfJsonContext };
export type { SynthesisResult, SynthesisOptions };
