import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Op, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { DeploymentVariables } from './deployment-variables';
import { METRICS } from './metrics';
import type { MetricRef } from './metrics';

/** A resource the alarms watch, with the short label that goes into alarm names (`<prefix>-<label>-<what>`). */
interface Monitored<Resource> {
  readonly label: string;
  readonly resource: Resource;
}

interface MonitoredFunction extends Monitored<LambdaFunction> {
  /** Errors the workflow expects and handles (e.g. ThresholdConfidenceNotMet), counted by this metric and not alarmed on. */
  readonly expectedErrors?: MetricRef;
}

interface MonitoredEndpoint {
  readonly endpointName: string;
  readonly variantName: string;
}

/** Thresholds and evaluation periods; numbers, usually Terraform variable references. */
interface AlarmThresholds {
  readonly evaluationPeriods: number;
  readonly executionsFailed: number;
  readonly executionsTimedOut: number;
  readonly executionThrottled: number;
  readonly functionErrors: number;
  readonly functionThrottles: number;
  readonly endpoint5xx: number;
  readonly modelLatencyP90Ms: number;
  readonly deadLetterMessages: number;
  readonly batchExecutionsFailed: number;
  readonly belowThresholdShare: number;
  readonly belowThresholdMinClassifications: number;
}

function alarmThresholdsFrom(vars: DeploymentVariables): AlarmThresholds {
  return {
    evaluationPeriods: vars.number('alarm_evaluation_periods'),
    executionsFailed: vars.number('executions_failed_threshold'),
    executionsTimedOut: vars.number('executions_timed_out_threshold'),
    executionThrottled: vars.number('execution_throttled_threshold'),
    functionErrors: vars.number('function_errors_threshold'),
    functionThrottles: vars.number('function_throttles_threshold'),
    endpoint5xx: vars.number('endpoint_5xx_threshold'),
    modelLatencyP90Ms: vars.number('model_latency_p90_ms'),
    deadLetterMessages: vars.number('dead_letter_messages_threshold'),
    batchExecutionsFailed: vars.number('batch_executions_failed_threshold'),
    belowThresholdShare: vars.number('below_threshold_share_alarm'),
    belowThresholdMinClassifications: vars.number('below_threshold_min_classifications'),
  };
}

/**
 * What to do when data is missing, chosen per alarm: `notBreaching` where the metric is only
 * published when something happens (AWS/States and Lambda counts, SageMaker invocations, an idle
 * queue, the hourly classification share), so silence means nothing went wrong. No alarm here
 * treats silence as a failure: a quiet hour is normal for this workload.
 */
type TreatMissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

interface MetricStat {
  readonly metric: MetricRef;
  /** `Sum`, `Average`, `Maximum` or a percentile such as `p90`. */
  readonly stat: string;
  readonly periodSeconds: number;
}

interface AlarmSpec {
  /** The alarm name after the prefix, e.g. `workflow-executions-failed`. */
  readonly what: string;
  /** What it means and what to do (the README runbook has the details). */
  readonly description: string;
  readonly threshold: number;
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold';
  readonly evaluationPeriods: number;
  readonly treatMissingData: TreatMissingData;
  /** One metric, or a metric math expression over named metrics. */
  readonly source:
    MetricStat | { readonly expression: string; readonly label: string; readonly inputs: Readonly<Record<string, MetricStat>> };
}

const FIVE_MINUTES = 300;
const ONE_HOUR = 3600;
const RUNBOOK = 'See the README runbook.';

const sum = (metric: MetricRef, periodSeconds = FIVE_MINUTES): MetricStat => ({ metric, stat: 'Sum', periodSeconds });

/** ExecutionsFailed, ExecutionsTimedOut and ExecutionThrottled of one state machine. */
function stateMachineAlarmSpecs({ label, resource }: Monitored<SfnStateMachine>, t: AlarmThresholds): AlarmSpec[] {
  const metric = (name: string) => METRICS.stateMachine(resource.arn, name);
  const common = {
    comparison: 'GreaterThanOrEqualToThreshold',
    evaluationPeriods: t.evaluationPeriods,
    treatMissingData: 'notBreaching',
  } as const;
  return [
    {
      ...common,
      what: `${label}-executions-failed`,
      description: `Executions of ${label} are failing in bulk (images below the confidence threshold count too). Read the failure emails or the execution history by error name. ${RUNBOOK}`,
      threshold: t.executionsFailed,
      source: sum(metric('ExecutionsFailed')),
    },
    {
      ...common,
      what: `${label}-executions-timed-out`,
      description: `Executions of ${label} hit their execution timeout and failed without a failure email. Check the slowest task (endpoint latency, retries) and the timeout. ${RUNBOOK}`,
      threshold: t.executionsTimedOut,
      source: sum(metric('ExecutionsTimedOut')),
    },
    {
      ...common,
      what: `${label}-execution-throttled`,
      description: `State transitions of ${label} are throttled: executions slow down and may time out. Lower the start rate or request a Step Functions quota increase. ${RUNBOOK}`,
      threshold: t.executionThrottled,
      source: sum(metric('ExecutionThrottled')),
    },
  ];
}

/** Errors (less those the workflow expects) and Throttles of one function. */
function functionAlarmSpecs({ label, resource, expectedErrors }: MonitoredFunction, t: AlarmThresholds): AlarmSpec[] {
  const metric = (name: string) => METRICS.function(resource.functionName, name);
  const common = {
    comparison: 'GreaterThanOrEqualToThreshold',
    evaluationPeriods: t.evaluationPeriods,
    treatMissingData: 'notBreaching',
  } as const;
  const errors = sum(metric('Errors'));
  return [
    {
      ...common,
      what: `${label}-errors`,
      description:
        `${label} is failing invocations${expectedErrors === undefined ? '' : ' (not counting the errors the workflow expects)'}. ` +
        `Search its log group for level ERROR lines and group them by outcome. ${RUNBOOK}`,
      threshold: t.functionErrors,
      source:
        expectedErrors === undefined
          ? errors
          : { expression: 'errors - FILL(expected, 0)', label: 'Unexpected errors', inputs: { errors, expected: sum(expectedErrors) } },
    },
    {
      ...common,
      what: `${label}-throttles`,
      description: `${label} invocations are throttled (Lambda.TooManyRequestsException): the account or reserved concurrency is exhausted. Raise concurrency or lower the start rate. ${RUNBOOK}`,
      threshold: t.functionThrottles,
      source: sum(metric('Throttles')),
    },
  ];
}

/** Invocation5XXErrors and p90 ModelLatency of the endpoint variant. */
function endpointAlarmSpecs({ endpointName, variantName }: MonitoredEndpoint, t: AlarmThresholds): AlarmSpec[] {
  const metric = (name: string) => METRICS.endpoint(endpointName, variantName, name);
  const common = { evaluationPeriods: t.evaluationPeriods, treatMissingData: 'notBreaching' } as const;
  return [
    {
      ...common,
      what: 'endpoint-5xx',
      description: `The SageMaker endpoint answers with 5XX errors (the model container fails or is overloaded); the classify task retries them, then fails. Check the endpoint's CloudWatch logs and instance health. ${RUNBOOK}`,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: t.endpoint5xx,
      source: sum(metric('Invocation5XXErrors')),
    },
    {
      ...common,
      what: 'endpoint-model-latency',
      description: `The endpoint's p90 model latency is above model_latency_p90_ms (ModelLatency is in microseconds; the threshold is converted). Check instance utilization and scaling. ${RUNBOOK}`,
      comparison: 'GreaterThanThreshold',
      threshold: Token.asNumber(Op.mul(t.modelLatencyP90Ms, 1000)),
      source: { metric: metric('ModelLatency'), stat: 'p90', periodSeconds: FIVE_MINUTES },
    },
  ];
}

/** The trigger's dead-letter queue is not empty: events that never started an execution. */
function deadLetterQueueAlarmSpec({ label, resource }: Monitored<SqsQueue>, t: AlarmThresholds): AlarmSpec {
  return {
    what: `${label}-dead-letter-queue-not-empty`,
    description: `Messages wait in the dead-letter queue ${label}: S3 events whose execution could not be started. Read one message, fix the cause, then redrive the queue. ${RUNBOOK}`,
    comparison: 'GreaterThanThreshold',
    threshold: t.deadLetterMessages,
    evaluationPeriods: t.evaluationPeriods,
    // A queue with messages is active and reports every 5 minutes; an empty idle queue may stop reporting.
    treatMissingData: 'notBreaching',
    source: { metric: METRICS.queue(resource.name, 'ApproximateNumberOfMessagesVisible'), stat: 'Maximum', periodSeconds: FIVE_MINUTES },
  };
}

/**
 * A batch state machine: timed-out and throttled executions as for any state machine, and instead
 * of bulk failures, any failed run. AWS/States has no per-Map-Run metric (its Map Run metrics are
 * account-wide gauges of open and backlogged runs), so a failed run is the batch execution's
 * ExecutionsFailed: a Map Run whose failed items exceed its tolerated failures fails its execution.
 */
function batchRunAlarmSpecs(machine: Monitored<SfnStateMachine>, t: AlarmThresholds): AlarmSpec[] {
  const { label, resource } = machine;
  const runFailed: AlarmSpec = {
    what: `${label}-run-failed`,
    description: `A batch run of ${label} failed: its Map Run exceeded the tolerated failed items, or the run itself failed. Open the execution's Map Run for failed items and the results prefix for their errors. ${RUNBOOK}`,
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: t.batchExecutionsFailed,
    evaluationPeriods: 1,
    treatMissingData: 'notBreaching',
    source: sum(METRICS.stateMachine(resource.arn, 'ExecutionsFailed')),
  };
  return [runFailed, ...stateMachineAlarmSpecs(machine, t).filter((spec) => spec.what !== `${label}-executions-failed`)];
}

/** Over an hour with enough classifications, the share whose top score is below the threshold. */
function modelQualityAlarmSpec({ resource }: Monitored<LambdaFunction>, t: AlarmThresholds): AlarmSpec {
  const minimum = Token.asString(t.belowThresholdMinClassifications);
  return {
    what: 'below-threshold-share',
    description: `Over the last hour more than below_threshold_share_alarm of the classifications scored below the confidence threshold: the model may be drifting or the images changed. Compare TopConfidence percentiles on the dashboard. ${RUNBOOK}`,
    comparison: 'GreaterThanThreshold',
    threshold: t.belowThresholdShare,
    evaluationPeriods: 1,
    treatMissingData: 'notBreaching',
    source: {
      expression: `IF(classifications >= ${minimum}, share, 0)`,
      label: 'Share below the confidence threshold',
      inputs: {
        share: { metric: METRICS.classification(resource.functionName, 'belowThreshold'), stat: 'Average', periodSeconds: ONE_HOUR },
        classifications: { metric: METRICS.classification(resource.functionName, 'classifications'), stat: 'Sum', periodSeconds: ONE_HOUR },
      },
    },
  };
}

interface OperationsAlarmsProps {
  readonly namePrefix: string;
  /** Where every alarm and its recovery are sent. */
  readonly topicArn: string;
  readonly thresholds: AlarmThresholds;
  readonly stateMachines?: readonly Monitored<SfnStateMachine>[];
  readonly functions?: readonly MonitoredFunction[];
  readonly endpoint?: MonitoredEndpoint;
  readonly deadLetterQueues?: readonly Monitored<SqsQueue>[];
  /** Batch (Distributed Map) state machines; list them here only, not also in `stateMachines`. */
  readonly batchStateMachines?: readonly Monitored<SfnStateMachine>[];
  /** The function that emits the classification metrics. */
  readonly modelQuality?: Monitored<LambdaFunction>;
}

function metricArguments({ metric, stat, periodSeconds }: MetricStat) {
  return {
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: { ...metric.dimensions },
    period: periodSeconds,
    ...(/^p\d/.test(stat) ? { extendedStatistic: stat } : { statistic: stat }),
  };
}

/** Every alarm of the lists it is given, each sending ALARM and OK to the operations topic. */
class OperationsAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const t = props.thresholds;
    const specs = [
      ...(props.stateMachines ?? []).flatMap((machine) => stateMachineAlarmSpecs(machine, t)),
      ...(props.batchStateMachines ?? []).flatMap((machine) => batchRunAlarmSpecs(machine, t)),
      ...(props.functions ?? []).flatMap((fn) => functionAlarmSpecs(fn, t)),
      ...(props.endpoint === undefined ? [] : endpointAlarmSpecs(props.endpoint, t)),
      ...(props.deadLetterQueues ?? []).map((queue) => deadLetterQueueAlarmSpec(queue, t)),
      ...(props.modelQuality === undefined ? [] : [modelQualityAlarmSpec(props.modelQuality, t)]),
    ];
    this.alarms = specs.map((spec) => this.alarm(spec, props));
  }

  private alarm(spec: AlarmSpec, { namePrefix, topicArn }: OperationsAlarmsProps): CloudwatchMetricAlarm {
    const { source } = spec;
    const metric =
      'expression' in source
        ? {
            metricQuery: [
              { id: 'alarm', expression: source.expression, label: source.label, returnData: true },
              ...Object.entries(source.inputs).map(([queryId, { metric: ref, stat, periodSeconds }]) => ({
                id: queryId,
                returnData: false,
                metric: {
                  namespace: ref.namespace,
                  metricName: ref.metricName,
                  dimensions: { ...ref.dimensions },
                  period: periodSeconds,
                  stat,
                },
              })),
            ],
          }
        : metricArguments(source);
    return new CloudwatchMetricAlarm(this, spec.what.replaceAll('-', '_'), {
      alarmName: `${namePrefix}-${spec.what}`,
      alarmDescription: spec.description,
      comparisonOperator: spec.comparison,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods,
      treatMissingData: spec.treatMissingData,
      alarmActions: [topicArn],
      okActions: [topicArn],
      ...metric,
    });
  }
}

export {
  OperationsAlarms,
  alarmThresholdsFrom,
  stateMachineAlarmSpecs,
  functionAlarmSpecs,
  endpointAlarmSpecs,
  deadLetterQueueAlarmSpec,
  batchRunAlarmSpecs,
  modelQualityAlarmSpec,
};
export type { OperationsAlarmsProps, AlarmThresholds, AlarmSpec, Monitored, MonitoredFunction, MonitoredEndpoint, TreatMissingData };
