import { METRIC_DIMENSIONS, METRIC_NAMESPACE } from '../contract/metrics';

/** One CloudWatch metric: what the alarms and the dashboard both point at, so they agree. */
interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension name to value; values are usually CDKTF tokens of the monitored resource. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The AWS metrics the operations alarms and dashboard read, by the resource they describe. */
const METRICS = {
  /** AWS/States execution metrics, per state machine (`StateMachineArn`). */
  stateMachine: (stateMachineArn: string, metricName: string): MetricRef => ({
    namespace: 'AWS/States',
    metricName,
    dimensions: { StateMachineArn: stateMachineArn },
  }),
  /** AWS/States Map Run gauges: account-wide, without dimensions (there is no per-Map-Run metric). */
  mapRuns: (metricName: 'ApproximateOpenMapRunCount' | 'ApproximateMapRunBacklogSize'): MetricRef => ({
    namespace: 'AWS/States',
    metricName,
    dimensions: {},
  }),
  function: (functionName: string, metricName: string): MetricRef => ({
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { FunctionName: functionName },
  }),
  endpoint: (endpointName: string, variantName: string, metricName: string): MetricRef => ({
    namespace: 'AWS/SageMaker',
    metricName,
    dimensions: { EndpointName: endpointName, VariantName: variantName },
  }),
  queue: (queueName: string, metricName: string): MetricRef => ({ namespace: 'AWS/SQS', metricName, dimensions: { QueueName: queueName } }),
  /** The functions' own metrics (embedded metric format), under the dimension the handler writes. */
  classification: (functionName: string, metricName: string): MetricRef => ({
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensions: { [METRIC_DIMENSIONS.functionName]: functionName },
  }),
} as const;

export { METRICS };
export type { MetricRef };
