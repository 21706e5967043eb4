import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend } from 'cdktf';
import type { Construct } from 'constructs';
import { GroupedStack } from './groupings';
import { ImageClassificationPipeline } from './image-classification-pipeline';
import type { SynthConfig } from './synth-config';

const BASE_TAGS = { Project: 'image-classification-workflow', ManagedBy: 'cdktf' };

interface ImageClassificationStackProps {
  readonly config: SynthConfig;
  /** Where esbuild writes the zips before Terraform's asset copy. */
  readonly bundleDir?: string;
}

/** The deployable stack: the AWS provider in the configured region, a local backend, and the pipeline. */
class ImageClassificationStack extends GroupedStack {
  readonly pipeline: ImageClassificationPipeline;

  constructor(scope: Construct, { config, bundleDir }: ImageClassificationStackProps) {
    super(scope, config.stackName);
    new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags: { ...BASE_TAGS, ...config.tags } }] });
    // cdktf's default local backend is an absolute path on the synthesizing machine; this one is
    // relative to the stack folder (cdktf.out/stacks/<stack>), so the configuration travels.
    new LocalBackend(this, { path: `../../../terraform.${config.stackName}.tfstate` });
    this.pipeline = new ImageClassificationPipeline(this, 'pipeline', {
      namePrefix: config.namePrefix,
      region: config.region,
      settings: config,
      bundleDir,
    });
  }
}

export { ImageClassificationStack };
