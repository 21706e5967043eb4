import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { Op, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ALARM_ROWS, FIVE_MINUTES, WATCHED_KINDS } from './alarm-table';
import type { AlarmParameters, AlarmRow, MetricMath, MetricStat, Watched, WatchedKind } from './alarm-table';
import { METRICS } from './metrics';
import type { Monitored, MonitoredResources } from './monitored';

interface OperationsAlarmsProps extends MonitoredResources {
  readonly namePrefix: string;
  /** Where every alarm and its recovery are sent. */
  readonly topicArn: string;
  /** The alarm variables' values: thresholds and settings. */
  readonly values: AlarmParameters;
}

const RUNBOOK = 'See the README runbook.';

/** A single metric's arguments, or a metric math query whose inputs return no data of their own. */
function metricArguments(source: MetricStat | MetricMath): Partial<CloudwatchMetricAlarmConfig> {
  if ('expression' in source) {
    return {
      metricQuery: [
        { id: 'alarm', expression: source.expression, label: source.label, returnData: true },
        ...Object.entries(source.inputs).map(([id, { metric, statistic, periodSeconds }]) => ({
          id,
          returnData: false,
          metric: {
            namespace: metric.namespace,
            metricName: metric.metricName,
            dimensions: { ...metric.dimensions },
            period: periodSeconds,
            stat: statistic,
          },
        })),
      ],
    };
  }
  const { metric, statistic, periodSeconds } = source;
  return {
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: { ...metric.dimensions },
    period: periodSeconds,
    ...(/^p\d/.test(statistic) ? { extendedStatistic: statistic } : { statistic }),
  };
}

/** Each monitored resource as the alarm table reads it: a label and its metrics by name. */
function watchedResources(monitored: MonitoredResources): Record<WatchedKind, Watched[]> {
  const machine = ({ label, resource }: Monitored<SfnStateMachine>): Watched => ({
    label,
    metric: (name) => METRICS.stateMachine(resource.arn, name),
  });
  const { endpoint, modelQuality } = monitored;
  return {
    workflow: (monitored.stateMachines ?? []).map(machine),
    batch: (monitored.batchStateMachines ?? []).map(machine),
    function: (monitored.functions ?? []).map(({ label, resource, expectedErrors }) => ({
      label,
      expectedErrors,
      metric: (name) => METRICS.function(resource.functionName, name),
    })),
    endpoint:
      endpoint === undefined
        ? []
        : [{ label: 'endpoint', metric: (name) => METRICS.endpoint(endpoint.endpointName, endpoint.variantName, name) }],
    deadLetterQueue: (monitored.deadLetterQueues ?? []).map(({ label, resource }) => ({
      label,
      metric: (name) => METRICS.queue(resource.name, name),
    })),
    classifier:
      modelQuality === undefined
        ? []
        : [{ label: modelQuality.label, metric: (name) => METRICS.classification(modelQuality.resource.functionName, name) }],
  };
}

/** The threshold in the metric's unit: the variable's value, scaled by Terraform when it is a reference. */
function scaled(value: number, scale: number | undefined): number {
  if (scale === undefined) return value;
  return Token.isUnresolved(value) ? Token.asNumber(Op.mul(value, scale)) : value * scale;
}

/** Every alarm of the table for the resources it is given, each sending ALARM and OK to the operations topic. */
class OperationsAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const rows = Object.entries(ALARM_ROWS) as [keyof typeof ALARM_ROWS, AlarmRow][];
    const watchedByKind = watchedResources(props);
    this.alarms = WATCHED_KINDS.flatMap((kind) =>
      watchedByKind[kind].flatMap((watched) =>
        rows
          .filter(([, row]) => row.watches.includes(kind))
          .map(([variable, row]) => this.alarm(row, props.values[variable], watched, props)),
      ),
    );
  }

  private alarm(
    row: AlarmRow,
    threshold: number,
    watched: Watched,
    { namePrefix, topicArn, values }: OperationsAlarmsProps,
  ): CloudwatchMetricAlarm {
    const name = row.name(watched.label);
    const source =
      typeof row.metric === 'function'
        ? row.metric(watched, values)
        : { metric: watched.metric(row.metric.name), statistic: row.metric.statistic, periodSeconds: FIVE_MINUTES };
    return new CloudwatchMetricAlarm(this, name.replaceAll('-', '_'), {
      alarmName: `${namePrefix}-${name}`,
      alarmDescription: `${row.description(watched)} ${RUNBOOK}`,
      comparisonOperator: row.comparison,
      threshold: scaled(threshold, row.thresholdScale),
      evaluationPeriods: row.evaluationPeriods ?? values.alarm_evaluation_periods,
      // These metrics are published only when something happens (AWS/States and Lambda counts, SageMaker
      // invocations, an idle queue, the hourly classification share): silence means nothing went wrong.
      treatMissingData: 'notBreaching',
      alarmActions: [topicArn],
      okActions: [topicArn],
      ...metricArguments(source),
    });
  }
}

export { OperationsAlarms };
export type { OperationsAlarmsProps };
