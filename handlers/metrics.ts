import { FUNCTION_METRICS, METRIC_DIMENSIONS, METRIC_NAMESPACE } from '../contract/metrics';
import type { FunctionMetric } from '../contract/metrics';
import type { FilterEvent } from '../contract/step-payloads';

type MetricValues = Readonly<Partial<Record<FunctionMetric, number>>>;

/** What one invocation measured, from its event and the error it failed with, if any; undefined when there is nothing to measure. */
type Measure<Event> = (event: Event, error?: unknown) => MetricValues | undefined;

/** The members a log line needs to be read as metrics (CloudWatch embedded metric format): `_aws` and a member per dimension and metric. */
interface EmbeddedMetrics {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  readonly [member: string]: unknown;
}

/** The `_aws` block and the top-level members for `values`, under the one FunctionName dimension. */
function embeddedMetrics(values: MetricValues, functionName: string, timestampMs: number): EmbeddedMetrics | undefined {
  const measured = (Object.keys(values) as FunctionMetric[]).filter((metric) => Number.isFinite(values[metric]));
  if (measured.length === 0) return undefined;
  return {
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [[METRIC_DIMENSIONS.functionName]],
          Metrics: measured.map((metric) => ({ Name: FUNCTION_METRICS[metric].name, Unit: FUNCTION_METRICS[metric].unit })),
        },
      ],
    },
    [METRIC_DIMENSIONS.functionName]: functionName,
    ...Object.fromEntries(measured.map((metric) => [FUNCTION_METRICS[metric].name, values[metric]])),
  };
}

/**
 * The model-quality signal of one classification: its top score and whether it fell below the
 * threshold. Read from the filter's event (the top score classify checked), so it is measured whether
 * the filter passes the image or throws ThresholdConfidenceNotMet; an event without a score measures nothing.
 */
function classificationMetrics(threshold: number): Measure<FilterEvent> {
  return ({ score }) => {
    if (typeof score !== 'number' || !Number.isFinite(score)) return undefined;
    return { topConfidence: score, belowThreshold: score < threshold ? 1 : 0, classifications: 1 };
  };
}

/** Serialize's: one Superseded when the invocation failed with ImageSuperseded, by name (it may come from another bundle). */
const supersededMetrics: Measure<unknown> = (_, error) =>
  error instanceof Error && error.name === 'ImageSuperseded' ? { superseded: 1 } : undefined;

export { embeddedMetrics, classificationMetrics, supersededMetrics };
export type { EmbeddedMetrics, Measure };
