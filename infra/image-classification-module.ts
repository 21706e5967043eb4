import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { StackSynthesizer } from 'cdktf/lib/synthesize/synthesizer';
import type { Construct } from 'constructs';
import { markChildModule } from './asset-paths';
import { GroupedStack } from './groupings';
import { ImageClassificationPipeline } from './image-classification-pipeline';
import { declareNamePrefix } from './name-prefix-variable';
import type { StateMachineSettings } from './workflow-state-machine';

/** Every 6.x release: the caller's root decides the exact version, within the provider major the bindings were generated for. */
const AWS_PROVIDER_RANGE = '>= 6.0, < 7.0';

interface ImageClassificationModuleProps {
  /** The folder name under `cdktf.out/modules/`. */
  readonly stackName: string;
  readonly settings: StateMachineSettings;
  /** Where esbuild writes the zips before Terraform's asset copy. */
  readonly bundleDir?: string;
}

/**
 * The pipeline as a child module: no provider or backend block (the caller's provider decides the
 * region, account, partition and tags), resource names from the `name_prefix` variable, asset paths
 * from `path.module`. Always written as JSON.
 */
class ImageClassificationModule extends GroupedStack {
  readonly pipeline: ImageClassificationPipeline;

  constructor(scope: Construct, { stackName, settings, bundleDir }: ImageClassificationModuleProps) {
    super(scope, stackName);
    markChildModule(this);
    // cdktf needs the provider construct to know the resources' provider; its block is not written (toTerraform).
    new AwsProvider(this, 'aws', {});
    const namePrefix = declareNamePrefix(this);
    this.pipeline = new ImageClassificationPipeline(this, 'pipeline', { namePrefix: namePrefix.stringValue, settings, bundleDir });
    // JSON even when SYNTH_HCL_OUTPUT asks the stacks for HCL: toTerraform shapes what is written.
    this.synthesizer = new StackSynthesizer(this, false, false);
  }

  /** The configuration without provider block, backend or cdktf metadata, requiring any 6.x provider. */
  override toTerraform(): Record<string, unknown> {
    const {
      '//': _metadata,
      provider: _provider,
      terraform: _terraform,
      ...configuration
    } = super.toTerraform() as Record<string, unknown>;
    return { terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_RANGE } } }, ...configuration };
  }
}

export { ImageClassificationModule, AWS_PROVIDER_RANGE };
