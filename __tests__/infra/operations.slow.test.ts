import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import { CLASSIFICATION_METRICS, METRIC_NAMESPACE } from '../../contract/metrics';
import { ALARM_DEFAULTS, ALARM_VARIABLES } from '../../infra/alarm-table';
import { OperationsAlarms } from '../../infra/alarms';
import { ImageClassificationStack } from '../../infra/image-classification-stack';
import { OperationsDashboard } from '../../infra/operations-dashboard';
import type { DashboardBody } from '../../infra/operations-dashboard';
import { DEFAULT_SYNTH_CONFIG } from '../../infra/synth-config';
import { only, synthesizedConfiguration } from '../helpers/synthesized-stack';
import type { Block } from '../helpers/synthesized-stack';

const { json, config } = synthesizedConfiguration();
/** The same stack's constructs, for the dashboard body as an object; its zips come from the build cache that synthesis filled. */
const stack = new ImageClassificationStack(Testing.app(), { config: DEFAULT_SYNTH_CONFIG });
const alarms = Object.values(config.resource.aws_cloudwatch_metric_alarm!);
const ref = (type: string, attribute: string) => new RegExp(`^\\$\\{${type}\\.\\w+\\.${attribute}\\}$`);
const opsTopicArn = `\${aws_sns_topic.${Object.keys(config.resource.aws_sns_topic!).find((id) => id.startsWith('operations_topic'))!}.arn}`;
const resourceIds = (type: string) => Object.keys(config.resource[type] ?? {});
const functionNameOf = (constructId: string) =>
  `\${aws_lambda_function.${resourceIds('aws_lambda_function').find((id) => id.startsWith(`${constructId}_function_`))!}.function_name}`;
const stateMachineArn = `\${aws_sfn_state_machine.${resourceIds('aws_sfn_state_machine').find((id) => id.startsWith('workflow_'))!}.arn}`;
const batchStateMachineArn = `\${aws_sfn_state_machine.${resourceIds('aws_sfn_state_machine').find((id) => id.startsWith('batch_'))!}.arn}`;
const deadLetterQueueName = `\${aws_sqs_queue.${resourceIds('aws_sqs_queue')[0]!}.name}`;

/** The body as Terraform sees it: tokens resolved to their `${...}` references. */
function resolvedBody(scope: IConstruct, body: DashboardBody): DashboardBody {
  return Tokenization.resolve(body, { scope, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false }) as DashboardBody;
}

describe('the operations topic', () => {
  it('is its own topic, encrypted with a customer-managed key that rotates', () => {
    const key = only(config.resource.aws_kms_key);
    const keyId = resourceIds('aws_kms_key')[0]!;

    expect(json).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(key.policy).toMatch(ref('data.aws_iam_policy_document', 'json'));
    expect(json).toHaveResourceWithProperties(SnsTopic, {
      name: 'image-classification-operations',
      kms_master_key_id: `\${aws_kms_key.${keyId}.arn}`,
    });
    expect(only(config.resource.aws_kms_alias)).toMatchObject({
      name: 'alias/image-classification-operations',
      target_key_id: `\${aws_kms_key.${keyId}.key_id}`,
    });
  });

  it("lets CloudWatch use the key, and publish to the topic, only for this deployment's alarms", () => {
    const keyPolicyId = (only(config.resource.aws_kms_key).policy as string).split('.')[2]!;
    const topicPolicy = only(config.resource.aws_sns_topic_policy);
    const topicPolicyId = (topicPolicy.policy as string).split('.')[2]!;
    const documents = config.data.aws_iam_policy_document!;
    const fromOwnAlarms = [
      {
        test: 'StringEquals',
        variable: 'aws:SourceAccount',
        values: [expect.stringMatching(ref('data.aws_caller_identity', 'account_id'))],
      },
      {
        test: 'ArnLike',
        variable: 'aws:SourceArn',
        values: [
          expect.stringMatching(/:cloudwatch:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:alarm:image-classification-\*$/),
        ],
      },
    ];

    expect(documents[keyPolicyId]!.statement).toContainEqual({
      sid: 'CloudWatchAlarmsEncryptForTopic',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      condition: fromOwnAlarms,
    });
    expect(topicPolicy.arn).toBe(opsTopicArn);
    expect(documents[topicPolicyId]!.statement).toStrictEqual([
      {
        sid: 'CloudWatchAlarmsPublish',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        actions: ['sns:Publish'],
        resources: [opsTopicArn],
        condition: fromOwnAlarms,
      },
    ]);
  });

  it('subscribes each address of ops_emails, validated, and notification_email when ops_emails is empty (the default)', () => {
    const subscription = Object.values(config.resource.aws_sns_topic_subscription!).find((block) => block.topic_arn === opsTopicArn);

    expect(subscription).toMatchObject({
      for_each: '${toset((length(var.ops_emails) >= 1) ? var.ops_emails : [var.notification_email])}',
      protocol: 'email',
      endpoint: '${each.value}',
    });
    expect(config.variable.ops_emails).toMatchObject({
      type: 'list(string)',
      default: [],
      validation: [{ condition: '${alltrue([for email in var.ops_emails : can(regex("^[^@ ]+@[^@ ]+[.][^@ ]+$", email))])}' }],
    });
  });
});

describe('the operations alarms', () => {
  const evaluation = '${var.alarm_evaluation_periods}';
  const single = (
    namespace: string,
    metric_name: string,
    dimensions: Record<string, string>,
    stat: Record<string, string>,
    period = 300,
  ) => ({
    namespace,
    metric_name,
    dimensions,
    period,
    ...stat,
  });
  const sum = { statistic: 'Sum' };

  const expected: [string, Block][] = [
    [
      'workflow-executions-failed',
      {
        ...single('AWS/States', 'ExecutionsFailed', { StateMachineArn: stateMachineArn }, sum),
        threshold: '${var.executions_failed_threshold}',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        evaluation_periods: evaluation,
      },
    ],
    [
      'workflow-executions-timed-out',
      {
        ...single('AWS/States', 'ExecutionsTimedOut', { StateMachineArn: stateMachineArn }, sum),
        threshold: '${var.executions_timed_out_threshold}',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        evaluation_periods: evaluation,
      },
    ],
    [
      'workflow-execution-throttled',
      {
        ...single('AWS/States', 'ExecutionThrottled', { StateMachineArn: stateMachineArn }, sum),
        threshold: '${var.execution_throttled_threshold}',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        evaluation_periods: evaluation,
      },
    ],
    [
      'batch-run-failed',
      {
        ...single('AWS/States', 'ExecutionsFailed', { StateMachineArn: batchStateMachineArn }, sum),
        threshold: '${var.batch_executions_failed_threshold}',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
      },
    ],
    [
      'batch-executions-timed-out',
      {
        ...single('AWS/States', 'ExecutionsTimedOut', { StateMachineArn: batchStateMachineArn }, sum),
        threshold: '${var.executions_timed_out_threshold}',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        evaluation_periods: evaluation,
      },
    ],
    [
      'batch-execution-throttled',
      {
        ...single('AWS/States', 'ExecutionThrottled', { StateMachineArn: batchStateMachineArn }, sum),
        threshold: '${var.execution_throttled_threshold}',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        evaluation_periods: evaluation,
      },
    ],
    [
      'trigger-dead-letter-queue-not-empty',
      {
        ...single('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: deadLetterQueueName }, { statistic: 'Maximum' }),
        threshold: '${var.dead_letter_messages_threshold}',
        comparison_operator: 'GreaterThanThreshold',
      },
    ],
    ...(['serialize', 'classify', 'summarize'] as const).flatMap((id): [string, Block][] => {
      const name = id === 'summarize' ? 'summarizeBatchResults' : `${id}ImageData`;
      return [
        [
          `${name}-errors`,
          {
            ...single('AWS/Lambda', 'Errors', { FunctionName: functionNameOf(id) }, sum),
            threshold: '${var.function_errors_threshold}',
            comparison_operator: 'GreaterThanOrEqualToThreshold',
            evaluation_periods: evaluation,
          },
        ],
        [
          `${name}-throttles`,
          {
            ...single('AWS/Lambda', 'Throttles', { FunctionName: functionNameOf(id) }, sum),
            threshold: '${var.function_throttles_threshold}',
            comparison_operator: 'GreaterThanOrEqualToThreshold',
            evaluation_periods: evaluation,
          },
        ],
      ];
    }),
    [
      'filterInferenceData-errors',
      {
        metric_query: [
          { id: 'alarm', expression: 'errors - FILL(expected, 0)', label: 'Unexpected errors', return_data: true },
          {
            id: 'errors',
            return_data: false,
            metric: {
              namespace: 'AWS/Lambda',
              metric_name: 'Errors',
              dimensions: { FunctionName: functionNameOf('filter') },
              period: 300,
              stat: 'Sum',
            },
          },
          {
            id: 'expected',
            return_data: false,
            metric: {
              namespace: METRIC_NAMESPACE,
              metric_name: 'BelowThreshold',
              dimensions: { FunctionName: functionNameOf('filter') },
              period: 300,
              stat: 'Sum',
            },
          },
        ],
        threshold: '${var.function_errors_threshold}',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        evaluation_periods: evaluation,
      },
    ],
    [
      'filterInferenceData-throttles',
      {
        ...single('AWS/Lambda', 'Throttles', { FunctionName: functionNameOf('filter') }, sum),
        threshold: '${var.function_throttles_threshold}',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        evaluation_periods: evaluation,
      },
    ],
    [
      'endpoint-5xx',
      {
        ...single(
          'AWS/SageMaker',
          'Invocation5XXErrors',
          { EndpointName: '${var.endpoint_name}', VariantName: '${var.endpoint_variant_name}' },
          sum,
        ),
        threshold: '${var.endpoint_5xx_threshold}',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        evaluation_periods: evaluation,
      },
    ],
    [
      'endpoint-model-latency',
      {
        ...single(
          'AWS/SageMaker',
          'ModelLatency',
          { EndpointName: '${var.endpoint_name}', VariantName: '${var.endpoint_variant_name}' },
          { extended_statistic: 'p90' },
        ),
        threshold: '${(var.model_latency_p90_ms * 1000)}',
        comparison_operator: 'GreaterThanThreshold',
        evaluation_periods: evaluation,
      },
    ],
    [
      'below-threshold-share',
      {
        metric_query: [
          {
            id: 'alarm',
            expression: 'IF(classifications >= ${var.below_threshold_min_classifications}, share, 0)',
            label: 'Share below the confidence threshold',
            return_data: true,
          },
          {
            id: 'share',
            return_data: false,
            metric: {
              namespace: METRIC_NAMESPACE,
              metric_name: 'BelowThreshold',
              dimensions: { FunctionName: functionNameOf('filter') },
              period: 3600,
              stat: 'Average',
            },
          },
          {
            id: 'classifications',
            return_data: false,
            metric: {
              namespace: METRIC_NAMESPACE,
              metric_name: 'Classifications',
              dimensions: { FunctionName: functionNameOf('filter') },
              period: 3600,
              stat: 'Sum',
            },
          },
        ],
        threshold: '${var.below_threshold_share_alarm}',
        comparison_operator: 'GreaterThanThreshold',
        evaluation_periods: 1,
      },
    ],
  ];

  it('has exactly the expected alarms', () => {
    expect(alarms.map((alarm) => alarm.alarm_name).sort()).toStrictEqual(expected.map(([what]) => `image-classification-${what}`).sort());
  });

  it.each(expected)('alarms on %s with its metric, dimensions and threshold variable', (what, properties) => {
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, { alarm_name: `image-classification-${what}`, ...properties });
  });

  it('sends every alarm and its recovery to the operations topic, treats missing data as not breaching, and says what to do', () => {
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ alarm_actions: [opsTopicArn], ok_actions: [opsTopicArn], treat_missing_data: 'notBreaching' });
      expect(alarm.alarm_description).toMatch(/\. See the README runbook\.$/);
    }
  });

  it('declares each alarm variable as a number with the default and validation of the alarm table', () => {
    for (const [name, variable] of Object.entries(ALARM_VARIABLES)) {
      expect(config.variable[name]).toMatchObject({
        type: 'number',
        default: variable.default,
        validation: [
          {
            condition: `\${${variable.validation.rule.replaceAll('VAR', `var.${name}`)}}`,
            error_message: `${name} must be ${variable.validation.mustBe}.`,
          },
        ],
      });
    }
    expect(config.variable.endpoint_variant_name).toMatchObject({ type: 'string', default: 'AllTraffic' });
  });
});

describe('the operations dashboard', () => {
  const dashboard = only(config.resource.aws_cloudwatch_dashboard);
  const body = resolvedBody(stack, stack.pipeline.operations.dashboard.body);
  const metricLines = body.widgets
    .filter((widget) => widget.type === 'metric')
    .flatMap((widget) => widget.properties.metrics as (string | object)[][]);

  /** What the stack can show: per namespace, the metrics and how each dimension names a resource it creates. */
  const filterFunction = functionNameOf('filter');
  const functionNames = ['serialize', 'classify', 'filter', 'summarize'].map(functionNameOf);
  const SHOWN: Record<string, { metrics: readonly string[]; dimensions: Record<string, readonly string[]> }> = {
    'AWS/States': {
      metrics: ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut'],
      dimensions: { StateMachineArn: [stateMachineArn, batchStateMachineArn] },
    },
    'AWS/SQS': { metrics: ['ApproximateNumberOfMessagesVisible'], dimensions: { QueueName: [deadLetterQueueName] } },
    // Map Run gauges are account-wide: AWS/States publishes them without dimensions.
    'AWS/States account': { metrics: ['ApproximateOpenMapRunCount', 'ApproximateMapRunBacklogSize'], dimensions: {} },
    'AWS/Lambda': { metrics: ['Duration', 'Errors', 'Throttles'], dimensions: { FunctionName: functionNames } },
    'AWS/SageMaker': {
      metrics: ['ModelLatency', 'Invocations', 'Invocation4XXErrors', 'Invocation5XXErrors'],
      dimensions: { EndpointName: ['${var.endpoint_name}'], VariantName: ['${var.endpoint_variant_name}'] },
    },
    [METRIC_NAMESPACE]: {
      metrics: Object.values(CLASSIFICATION_METRICS).map((metric) => metric.name),
      dimensions: { FunctionName: [filterFunction] },
    },
  };

  it('is encoded by Terraform from an object, so the references resolve', () => {
    expect(dashboard).toMatchObject({
      dashboard_name: 'image-classification',
      dashboard_body: expect.stringMatching(/^\$\{jsonencode\(\{"widgets" = \[/),
    });
  });

  it('shows only metrics that exist, with dimensions naming resources the stack creates', () => {
    expect(metricLines.length).toBeGreaterThan(0);
    for (const line of metricLines) {
      const [namespace, metricName, ...rest] = line as [string, string, ...(string | object)[]];
      const dimensionPairs = rest.filter((item): item is string => typeof item === 'string');
      const shown = SHOWN[dimensionPairs.length === 0 && namespace === 'AWS/States' ? 'AWS/States account' : namespace];

      expect(shown).toBeDefined();
      expect(shown!.metrics).toContain(metricName);
      expect(dimensionPairs.length % 2).toBe(0);
      const dimensions = Object.fromEntries(
        Array.from({ length: dimensionPairs.length / 2 }, (_, i) => [dimensionPairs[2 * i]!, dimensionPairs[2 * i + 1]!]),
      );
      expect(Object.keys(dimensions).sort()).toStrictEqual(Object.keys(shown!.dimensions).sort());
      for (const [name, value] of Object.entries(dimensions)) expect(shown!.dimensions[name]).toContain(value);
    }
  });

  it('covers executions, function duration and errors, endpoint latency and 5XX, and the confidence distribution', () => {
    const shown = (namespace: string, metric: string, stat: string) =>
      metricLines.some((line) => line[0] === namespace && line[1] === metric && (line.at(-1) as { stat: string }).stat === stat);

    for (const metric of ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed'])
      expect(shown('AWS/States', metric, 'Sum')).toBe(true);
    expect(shown('AWS/Lambda', 'Duration', 'p90')).toBe(true);
    expect(shown('AWS/Lambda', 'Errors', 'Sum')).toBe(true);
    expect(shown('AWS/SageMaker', 'ModelLatency', 'p90')).toBe(true);
    expect(shown('AWS/SageMaker', 'Invocation5XXErrors', 'Sum')).toBe(true);
    for (const stat of ['p10', 'p50', 'p90']) expect(shown(METRIC_NAMESPACE, 'TopConfidence', stat)).toBe(true);
    expect(shown(METRIC_NAMESPACE, 'BelowThreshold', 'Average')).toBe(true);
  });

  it('lists every alarm in an alarm widget and lays widgets out without overlap', () => {
    const alarmWidget = body.widgets.find((widget) => widget.type === 'alarm')!;
    const cells = body.widgets.map(({ x, y }) => `${x},${y}`);

    expect([...(alarmWidget.properties.alarms as string[])].sort()).toStrictEqual(
      resourceIds('aws_cloudwatch_metric_alarm')
        .map((id) => `\${aws_cloudwatch_metric_alarm.${id}.arn}`)
        .sort(),
    );
    expect(new Set(cells).size).toBe(cells.length);
  });
});

describe('alarms and widgets for resources that other parts add (a test stack)', () => {
  const values = { ...ALARM_DEFAULTS, alarm_evaluation_periods: 2 };

  function testStack() {
    const app = Testing.app();
    const scope = new TerraformStack(app, 'test');
    new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
    const queue = new SqsQueue(scope, 'dlq', { name: 'trigger-dlq' });
    const batch = new SfnStateMachine(scope, 'batch', { name: 'batch', roleArn: 'arn:aws:iam::123456789012:role/batch', definition: '{}' });
    const topic = new SnsTopic(scope, 'ops', { name: 'ops' });
    const alarmsConstruct = new OperationsAlarms(scope, 'alarms', {
      namePrefix: 'test',
      topicArn: topic.arn,
      values,
      deadLetterQueues: [{ label: 'trigger', resource: queue }],
      batchStateMachines: [{ label: 'batch', resource: batch }],
    });
    const dashboard = new OperationsDashboard(scope, 'dashboard', {
      dashboardName: 'test',
      region: 'eu-west-1',
      deadLetterQueues: [{ label: 'trigger', resource: queue }],
      batchStateMachines: [{ label: 'batch', resource: batch }],
      alarms: alarmsConstruct.alarms,
    });
    const synthesized = Testing.synth(scope);
    return { scope, dashboard, json: synthesized, config: JSON.parse(synthesized) as { resource: Record<string, Record<string, Block>> } };
  }

  const { scope, dashboard, json: testJson, config: testConfig } = testStack();

  it("alarms when the trigger's dead-letter queue is not empty", () => {
    expect(testJson).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'test-trigger-dead-letter-queue-not-empty',
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: '${aws_sqs_queue.dlq.name}' },
      statistic: 'Maximum',
      period: 300,
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      evaluation_periods: 2,
      treat_missing_data: 'notBreaching',
      alarm_actions: ['${aws_sns_topic.ops.arn}'],
      ok_actions: ['${aws_sns_topic.ops.arn}'],
    });
  });

  it("alarms on a failed batch run through the batch state machine's ExecutionsFailed (there is no per-Map-Run metric)", () => {
    expect(testJson).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'test-batch-run-failed',
      namespace: 'AWS/States',
      metric_name: 'ExecutionsFailed',
      dimensions: { StateMachineArn: '${aws_sfn_state_machine.batch.arn}' },
      statistic: 'Sum',
      threshold: 1,
      evaluation_periods: 1,
      treat_missing_data: 'notBreaching',
    });
  });

  it('alarms on timed-out and throttled batch executions as for any state machine, without the bulk-failure alarm', () => {
    const names = Object.values(testConfig.resource.aws_cloudwatch_metric_alarm!)
      .map((alarm) => alarm.alarm_name)
      .sort();

    expect(names).toStrictEqual([
      'test-batch-execution-throttled',
      'test-batch-executions-timed-out',
      'test-batch-run-failed',
      'test-trigger-dead-letter-queue-not-empty',
    ]);
  });

  it('shows the batch executions, the account-wide Map Run gauges and the queue depth', () => {
    const body = resolvedBody(scope, dashboard.body);
    const lines = body.widgets
      .filter((widget) => widget.type === 'metric')
      .flatMap((widget) => widget.properties.metrics as (string | object)[][]);
    const names = lines.map((line) => line.filter((item) => typeof item === 'string').join(' '));

    expect(names).toStrictEqual([
      ...['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut'].map(
        (metric) => `AWS/States ${metric} StateMachineArn \${aws_sfn_state_machine.batch.arn}`,
      ),
      'AWS/States ApproximateOpenMapRunCount',
      'AWS/States ApproximateMapRunBacklogSize',
      'AWS/SQS ApproximateNumberOfMessagesVisible QueueName ${aws_sqs_queue.dlq.name}',
    ]);
  });
});
