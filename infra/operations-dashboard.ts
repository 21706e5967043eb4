import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { CLASSIFICATION_METRICS } from '../contract/metrics';
import type { Monitored, MonitoredResources } from './monitored';
import { METRICS } from './metrics';
import type { MetricRef } from './metrics';

/** One line of a metric widget: `[namespace, metricName, dimensionName, dimensionValue, ..., {options}]`. */
type MetricLine = readonly (string | { readonly stat: string; readonly label?: string; readonly period?: number })[];

interface Annotation {
  readonly label: string;
  readonly value: number;
}

interface DashboardWidget {
  readonly type: 'metric' | 'alarm';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Readonly<Record<string, unknown>>;
}

interface DashboardBody {
  readonly widgets: readonly DashboardWidget[];
}

interface OperationsDashboardProps extends MonitoredResources {
  readonly dashboardName: string;
  readonly region: string;
  /** The function that emits the classification metrics, and the threshold and alarm share to draw. */
  readonly modelQuality?: Monitored<LambdaFunction> & { readonly confidenceThreshold: number; readonly belowThresholdShare: number };
  readonly alarms?: readonly CloudwatchMetricAlarm[];
}

const FIVE_MINUTES = 300;
const ONE_HOUR = 3600;
const WIDTH = 12;
const HEIGHT = 6;

function line(metric: MetricRef, stat: string, label: string, period?: number): MetricLine {
  return [
    metric.namespace,
    metric.metricName,
    ...Object.entries(metric.dimensions).flat(),
    { stat, label, ...(period === undefined ? {} : { period }) },
  ];
}

type WidgetContent = Pick<DashboardWidget, 'type' | 'properties'>;

function metricWidget(
  title: string,
  region: string,
  metrics: MetricLine[],
  options: { annotations?: Annotation[]; period?: number } = {},
): WidgetContent {
  return {
    type: 'metric',
    properties: {
      title,
      region,
      view: 'timeSeries',
      stacked: false,
      period: options.period ?? FIVE_MINUTES,
      metrics,
      ...(options.annotations === undefined ? {} : { annotations: { horizontal: options.annotations } }),
    },
  };
}

/** The widgets in reading order: alarms, executions, batch runs, functions, endpoint, model quality, queues. */
function dashboardWidgets(props: OperationsDashboardProps): WidgetContent[] {
  const { region } = props;
  const functions = props.functions ?? [];
  const executions = ({ label, resource }: Monitored<SfnStateMachine>) =>
    metricWidget(
      `Executions: ${label}`,
      region,
      ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut'].map((name) =>
        line(METRICS.stateMachine(resource.arn, name), 'Sum', name),
      ),
    );
  const widgets: WidgetContent[] = [];
  if ((props.alarms ?? []).length > 0) {
    widgets.push({ type: 'alarm', properties: { title: 'Alarms', alarms: props.alarms!.map((alarm) => alarm.arn) } });
  }
  widgets.push(...(props.stateMachines ?? []).map(executions));
  if ((props.batchStateMachines ?? []).length > 0) {
    widgets.push(...props.batchStateMachines!.map(executions));
    widgets.push(
      metricWidget('Batch Map Runs (account-wide)', region, [
        line(METRICS.mapRuns('ApproximateOpenMapRunCount'), 'Maximum', 'Open Map Runs'),
        line(METRICS.mapRuns('ApproximateMapRunBacklogSize'), 'Maximum', 'Backlogged Map Runs'),
      ]),
    );
  }
  if (functions.length > 0) {
    widgets.push(
      metricWidget(
        'Function duration p90 (ms)',
        region,
        functions.map(({ label, resource }) => line(METRICS.function(resource.functionName, 'Duration'), 'p90', label)),
      ),
      metricWidget(
        'Function errors and throttles',
        region,
        functions.flatMap(({ label, resource }) => [
          line(METRICS.function(resource.functionName, 'Errors'), 'Sum', `${label} errors`),
          line(METRICS.function(resource.functionName, 'Throttles'), 'Sum', `${label} throttles`),
        ]),
      ),
    );
  }
  if (props.endpoint !== undefined) {
    const { endpointName, variantName } = props.endpoint;
    const endpoint = (name: string) => METRICS.endpoint(endpointName, variantName, name);
    widgets.push(
      metricWidget('Endpoint model latency (microseconds)', region, [
        line(endpoint('ModelLatency'), 'p50', 'p50'),
        line(endpoint('ModelLatency'), 'p90', 'p90'),
      ]),
      metricWidget('Endpoint invocations and errors', region, [
        line(endpoint('Invocations'), 'Sum', 'Invocations'),
        line(endpoint('Invocation4XXErrors'), 'Sum', '4XX'),
        line(endpoint('Invocation5XXErrors'), 'Sum', '5XX'),
      ]),
    );
  }
  if (props.modelQuality !== undefined) {
    const { resource, confidenceThreshold, belowThresholdShare } = props.modelQuality;
    const top = METRICS.classification(resource.functionName, CLASSIFICATION_METRICS.topConfidence.name);
    widgets.push(
      metricWidget(
        'Top confidence p10 / p50 / p90',
        region,
        ['p10', 'p50', 'p90'].map((stat) => line(top, stat, stat)),
        {
          annotations: [{ label: 'confidence threshold', value: confidenceThreshold }],
        },
      ),
      metricWidget(
        'Classifications and share below the threshold (hourly)',
        region,
        [
          line(
            METRICS.classification(resource.functionName, CLASSIFICATION_METRICS.belowThreshold.name),
            'Average',
            'share below threshold',
            ONE_HOUR,
          ),
          line(
            METRICS.classification(resource.functionName, CLASSIFICATION_METRICS.classifications.name),
            'Sum',
            'classifications',
            ONE_HOUR,
          ),
        ],
        { period: ONE_HOUR, annotations: [{ label: 'alarm share', value: belowThresholdShare }] },
      ),
    );
  }
  if ((props.deadLetterQueues ?? []).length > 0) {
    widgets.push(
      metricWidget(
        'Dead-letter queues: visible messages',
        region,
        props.deadLetterQueues!.map(({ label, resource }) =>
          line(METRICS.queue(resource.name, 'ApproximateNumberOfMessagesVisible'), 'Maximum', label),
        ),
      ),
    );
  }
  return widgets;
}

/** Two widgets a row, in the order given. */
function layout(contents: readonly WidgetContent[]): DashboardWidget[] {
  return contents.map((content, index) => ({
    ...content,
    x: (index % 2) * WIDTH,
    y: Math.floor(index / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
  }));
}

/** One CloudWatch dashboard over the lists it is given; its body is an object, encoded by Terraform so references resolve. */
class OperationsDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;
  /** The body before encoding, with CDKTF tokens for the resources it shows. */
  readonly body: DashboardBody;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    this.body = { widgets: layout(dashboardWidgets(props)) };
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.dashboardName,
      dashboardBody: Fn.jsonencode(this.body),
    });
  }
}

export { OperationsDashboard };
export type { OperationsDashboardProps, DashboardBody };
