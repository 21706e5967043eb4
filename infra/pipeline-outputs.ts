import type { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import type { CloudwatchEventArchive } from '@cdktf/provider-aws/lib/cloudwatch-event-archive';
import type { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
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
  /** The archive of the trigger's events, and the rules a replay delivers them to. */
  readonly triggerArchive: CloudwatchEventArchive;
  readonly triggerRules: readonly CloudwatchEventRule[];
  readonly namePrefix: string;
  readonly topic: SnsTopic;
  readonly functions: Readonly<Record<FunctionName, BundledFunction>>;
  readonly operationsTopic: SnsTopic;
  readonly dashboard: CloudwatchDashboard;
}

/** A single quote inside a single-quoted shell word: close the quotes, an escaped quote, reopen them. */
const SHELL_QUOTE_IN_QUOTES = "'\\''";

/**
 * `aws stepfunctions start-execution` with `input` as JSON in single quotes, as one Terraform
 * expression: the HCL renderer copies strings holding references verbatim, so literal quotes outside
 * `${...}` would end the HCL string, and `terraform fmt` (run by `cdktf synth --hcl`) would respace an
 * object constructor. Each value is JSON-encoded, its single quotes (a prefix may hold them) written
 * for the shell.
 */
function startExecutionCommand(stateMachineArn: string, input: Readonly<Record<string, string>>): string {
  const fields = Object.keys(input).map((field) => `"${field}":%s`);
  return Token.asString(
    Fn.format(Fn.rawString(`aws stepfunctions start-execution --state-machine-arn %s --input '{${fields.join(',')}}'`), [
      stateMachineArn,
      // cdktf writes a function's text argument between quotes as it is: the backslash is escaped here.
      ...Object.values(input).map((value) => Fn.replace(Fn.jsonencode(value), "'", SHELL_QUOTE_IN_QUOTES.replaceAll('\\', '\\\\'))),
    ]),
  );
}

/** A start-execution command's state machine ARN and input (single-quoted), for the assertions. */
const START_EXECUTION_PARTS = "^aws stepfunctions start-execution --state-machine-arn ([^ ]+) --input '(.*)'$";

/**
 * `aws events start-replay` of the archive (on the default bus) into the trigger's rules only, between the times in the
 * shell variables START and END (ISO 8601, e.g. START=2026-05-01T09:00:00Z), under a name unique to
 * the second. One expression, for the same reason as startExecutionCommand.
 */
function replayCommand(namePrefix: string, archive: CloudwatchEventArchive, rules: readonly CloudwatchEventRule[]): string {
  return Token.asString(
    Fn.format(
      Fn.rawString(
        `aws events start-replay --replay-name %s-$(date -u +%%Y%%m%%d%%H%%M%%S) --event-source-arn %s --event-start-time "$START" --event-end-time "$END" --destination '%s'`,
      ),
      [namePrefix, archive.arn, Fn.jsonencode({ Arn: archive.eventSourceArn, FilterArns: rules.map((rule) => rule.arn) })],
    ),
  );
}

/** What ops read after `terraform apply`: the ARNs and names to call, the dashboard, and the commands to try and to replay. */
class PipelineOutputs extends Grouping {
  constructor(scope: Construct, id: string, props: PipelineOutputsProps) {
    super(scope, id);
    const { aws, bucket, workflow, batch } = props;
    new TerraformOutput(this, 'state_machine_arn', { value: workflow.arn });
    new TerraformOutput(this, 'batch_state_machine_arn', { value: batch.arn });
    new TerraformOutput(this, 'trigger_dead_letter_queue_url', {
      description:
        'Events the trigger could not deliver, with the error of each (ERROR_CODE, ERROR_MESSAGE): read them to diagnose, then replay.',
      value: props.triggerDeadLetterQueue.url,
    });
    new TerraformOutput(this, 'trigger_archive_arn', { value: props.triggerArchive.arn });
    new TerraformOutput(this, 'trigger_replay_command', {
      description:
        "Replays the bucket's archived Object Created events between START and END (set both, ISO 8601) to the trigger's rules only: images already classified end quietly, the others are classified.",
      value: replayCommand(props.namePrefix, props.triggerArchive, props.triggerRules),
    });
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

    // What the shell passes: the ARN, and the input with its quoting undone, decoded.
    const [parts, quote, unquoted] = [START_EXECUTION_PARTS, SHELL_QUOTE_IN_QUOTES, "'"];
    TerraformTestSuite.of(this)
      .assert(
        hcl`regex(${parts}, output.start_execution_example)[0] == ${workflow}.arn && jsondecode(replace(regex(${parts}, output.start_execution_example)[1], ${quote}, ${unquoted})) == { s3_bucket = ${bucket.name}, s3_key = format(${'%sexample.png'}, ${bucket.imagePrefix}) }`,
        'start_execution_example is a shell command with the input as JSON.',
      )
      .assert(
        hcl`regex(${parts}, output.start_batch_example)[0] == ${batch}.arn && jsondecode(replace(regex(${parts}, output.start_batch_example)[1], ${quote}, ${unquoted})) == { s3_bucket = ${bucket.name}, s3_prefix = ${bucket.imagePrefix} }`,
        'start_batch_example is a shell command with the input as JSON.',
      );
  }
}

export { PipelineOutputs };
