import type { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import type { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Fn, TerraformOutput, Token } from 'cdktf';
import type { Construct } from 'constructs';
import type { FunctionName } from '../contract/functions';
import type { AwsContext } from './aws-context';
import type { BundledFunction } from './bundled-function';
import { Grouping } from './groupings';
import type { ImageBucket } from './image-bucket';
import { hcl, TerraformTestSuite } from './terraform-tests';

interface PipelineOutputsProps {
  readonly aws: AwsContext;
  readonly bucket: ImageBucket;
  readonly workflow: SfnStateMachine;
  readonly batch: SfnStateMachine;
  readonly triggerDeadLetterQueue: SqsQueue;
  readonly topic: SnsTopic;
  readonly functions: Readonly<Record<FunctionName, BundledFunction>>;
  readonly operationsTopic: SnsTopic;
  readonly dashboard: CloudwatchDashboard;
}

/**
 * `aws stepfunctions start-execution` with `input` as JSON, as one Terraform expression: the HCL
 * renderer copies strings holding references verbatim, so literal quotes outside `${...}` would end
 * the HCL string, and `terraform fmt` (run by `cdktf synth --hcl`) would respace an object constructor.
 */
function startExecutionCommand(stateMachineArn: string, input: Readonly<Record<string, string>>): string {
  const fields = Object.keys(input).map((field) => `"${field}":%s`);
  return Token.asString(
    Fn.format(Fn.rawString(`aws stepfunctions start-execution --state-machine-arn %s --input '{${fields.join(',')}}'`), [
      stateMachineArn,
      ...Object.values(input).map((value) => Fn.jsonencode(value)),
    ]),
  );
}

/** What ops read after `terraform apply`: the ARNs and names to call, the dashboard, and two commands to try. */
class PipelineOutputs extends Grouping {
  constructor(scope: Construct, id: string, props: PipelineOutputsProps) {
    super(scope, id);
    const { aws, bucket, workflow, batch } = props;
    new TerraformOutput(this, 'state_machine_arn', { value: workflow.arn });
    new TerraformOutput(this, 'batch_state_machine_arn', { value: batch.arn });
    new TerraformOutput(this, 'trigger_dead_letter_queue_url', { value: props.triggerDeadLetterQueue.url });
    new TerraformOutput(this, 'start_batch_example', {
      description: 'Classifies every object under the configured prefix in one batch, with one summary notification.',
      value: startExecutionCommand(batch.arn, { s3_bucket: bucket.name, s3_prefix: bucket.imagePrefix }),
    });
    new TerraformOutput(this, 'topic_arn', { value: props.topic.arn });
    new TerraformOutput(this, 'function_names', {
      // A token rather than an object: cdktf 0.21 checks an object value with util.isArray, which Node deprecates (DEP0044).
      value: Token.asAny(
        Object.fromEntries(Object.entries(props.functions).map(([functionName, bundled]) => [functionName, bundled.function.functionName])),
      ),
    });
    new TerraformOutput(this, 'operations_topic_arn', { value: props.operationsTopic.arn });
    new TerraformOutput(this, 'dashboard_url', {
      value: `https://${aws.region}.console.aws.amazon.com/cloudwatch/home?region=${aws.region}#dashboards/dashboard/${props.dashboard.dashboardName}`,
    });
    new TerraformOutput(this, 'start_execution_example', {
      description: 'Starts one execution on an image under the configured prefix (replace example.png).',
      value: startExecutionCommand(workflow.arn, {
        s3_bucket: bucket.name,
        s3_key: Token.asString(Fn.format('%sexample.png', [bucket.imagePrefix])),
      }),
    });

    const command = (input: string) => `aws stepfunctions start-execution --state-machine-arn %s --input '${input}'`;
    TerraformTestSuite.of(this)
      .assert(
        hcl`output.start_execution_example == format(${command('{"s3_bucket":"%s","s3_key":"%sexample.png"}')}, ${workflow.arn}, ${bucket.name}, ${bucket.imagePrefix})`,
        'start_execution_example is a shell command with the input as JSON.',
      )
      .assert(
        hcl`output.start_batch_example == format(${command('{"s3_bucket":"%s","s3_prefix":"%s"}')}, ${batch.arn}, ${bucket.name}, ${bucket.imagePrefix})`,
        'start_batch_example is a shell command with the input as JSON.',
      );
  }
}

export { PipelineOutputs };
