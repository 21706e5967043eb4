import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { stackDeployments } from './environments';
import type { StackDeployment } from './environments';
import { GroupedStack } from './groupings';
import { ImageClassificationPipeline } from './image-classification-pipeline';
import { addStateBackend } from './state-backend';
import type { SynthConfig } from './synth-config';

const BASE_TAGS = { Project: 'image-classification-workflow', ManagedBy: 'cdktf' };

interface ImageClassificationStackProps {
  readonly config: SynthConfig;
  /** The environment this stack deploys; the config's only stack when absent. */
  readonly deployment?: StackDeployment;
  /** Where esbuild writes the zips before Terraform's asset copy. */
  readonly bundleDir?: string;
}

/** A deployable stack: the AWS provider in the deployment's region with its tags, its state backend, and the pipeline. */
class ImageClassificationStack extends GroupedStack {
  readonly pipeline: ImageClassificationPipeline;
  readonly deployment: StackDeployment;

  constructor(scope: Construct, { config, deployment = stackDeployments(config)[0]!, bundleDir }: ImageClassificationStackProps) {
    super(scope, deployment.stackName);
    this.deployment = deployment;
    new AwsProvider(this, 'aws', { region: deployment.region, defaultTags: [{ tags: { ...BASE_TAGS, ...deployment.tags } }] });
    addStateBackend(this, deployment.stateBackend);
    this.pipeline = new ImageClassificationPipeline(this, 'pipeline', {
      namePrefix: deployment.namePrefix,
      region: deployment.region,
      settings: config,
      bundleDir,
    });
  }
}

export { ImageClassificationStack, BASE_TAGS };
