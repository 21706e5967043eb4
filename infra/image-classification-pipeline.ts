import type { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import type { Construct } from 'constructs';
import { AwsContext } from './aws-context';
import { BatchPipeline } from './batch-pipeline';
import { DeploymentVariables } from './deployment-variables';
import { Grouping } from './groupings';
import { imageBucket } from './image-bucket';
import { ImagePipeline } from './image-pipeline';
import type { PipelineProps } from './image-pipeline';
import { ImageTrigger } from './image-trigger';
import { Notifications } from './notifications';
import { Operations } from './operations';
import { PipelineFunctions } from './pipeline-functions';
import { PipelineOutputs } from './pipeline-outputs';
import { address, TerraformTestSuite } from './terraform-tests';
import type { StateMachineSettings } from './workflow-state-machine';

interface ImageClassificationPipelineProps {
  /** Prefix of every resource name, so two deployments can share an account. */
  readonly namePrefix: string;
  /** The region the provider deploys into, when synthesis fixes it; absent, the caller's provider's (see AwsContext). */
  readonly region?: string;
  readonly settings: StateMachineSettings;
  /** Where esbuild writes the zips before Terraform's asset copy. */
  readonly bundleDir?: string;
}

/** The functions a state machine's definition invokes, as a Terraform list of ARNs. */
function invokedFunctions(stateMachine: SfnStateMachine): string {
  return `[for state in values(jsondecode(${address(stateMachine)}.definition).States) : try(state.Parameters.FunctionName, state.Arguments.FunctionName, "")]`;
}

/**
 * The whole system without a provider or backend: its variables, the functions, the per-image and
 * batch pipelines, the trigger, operations and outputs, each given what it needs of the others.
 */
class ImageClassificationPipeline extends Grouping {
  readonly functions: PipelineFunctions;
  readonly images: ImagePipeline;
  readonly batch: BatchPipeline;
  readonly trigger: ImageTrigger;
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props: ImageClassificationPipelineProps) {
    super(scope, id);
    const { namePrefix, settings } = props;
    const vars = new DeploymentVariables(this, 'variables');
    const aws = new AwsContext(this, 'aws_context', { region: props.region });
    const bucket = imageBucket(vars, aws);
    const { topic } = new Notifications(this, 'notifications', {
      topicName: `${namePrefix}-notifications`,
      email: vars.value('notification_email'),
    });
    this.functions = new PipelineFunctions(this, 'functions', {
      namePrefix,
      vars,
      aws,
      bucket,
      logRetentionDays: settings.logRetentionDays,
      bundleDir: props.bundleDir,
    });
    const pipeline: PipelineProps = { namePrefix, aws, vars, bucket, functionArns: this.functions.arns, topicArn: topic.arn, settings };
    this.images = new ImagePipeline(this, 'images', pipeline);
    this.trigger = new ImageTrigger(this, 'trigger', {
      namePrefix,
      aws,
      vars,
      bucket,
      stateMachineArn: this.images.workflow.stateMachine.arn,
      enableBucketNotification: vars.value('enable_trigger'),
      archiveRetentionDays: vars.number('trigger_archive_retention_days'),
    });
    this.batch = new BatchPipeline(this, 'batches', pipeline);
    const [workflow, batch] = [this.images.workflow.stateMachine, this.batch.workflow.stateMachine];
    this.operations = new Operations(this, 'operations', {
      namePrefix,
      aws,
      vars,
      stateMachines: [{ label: 'workflow', resource: workflow }],
      batchStateMachines: [{ label: 'batch', resource: batch }],
      deadLetterQueues: [{ label: 'trigger', resource: this.trigger.deadLetterQueue }],
      functions: this.functions.monitored,
      endpoint: { endpointName: vars.value('endpoint_name'), variantName: vars.value('endpoint_variant_name') },
      modelQuality: this.functions.classifier,
    });
    new PipelineOutputs(this, 'outputs', {
      aws,
      bucket,
      workflow,
      batch,
      triggerDeadLetterQueue: this.trigger.deadLetterQueue,
      triggerArchive: this.trigger.archive,
      triggerRules: this.trigger.rules,
      namePrefix,
      topic,
      functions: this.functions.functions,
      operationsTopic: this.operations.topic.topic,
      dashboard: this.operations.dashboard.dashboard,
    });
    for (const { function: fn } of Object.values(this.functions.functions)) {
      TerraformTestSuite.of(this).assert(
        `contains(concat(${invokedFunctions(workflow)}, ${invokedFunctions(batch)}), ${address(fn)}.arn)`,
        `A state machine invokes ${fn.friendlyUniqueId}.`,
      );
    }
  }
}

export { ImageClassificationPipeline };
