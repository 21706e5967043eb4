import { CLASSIFICATION_METRICS, METRIC_DIMENSIONS, METRIC_NAMESPACE } from '../contract/metrics';
import type { ClassificationMetric } from '../contract/metrics';
import { highestScore, parseScores } from './envelope';
import type { UncheckedObject } from './envelope';

type MetricValues = Readonly<Partial<Record<ClassificationMetric, number>>>;

/** What one invocation measured, from its input; undefined when there is nothing to measure. */
type Measure = (body: UncheckedObject | undefined) => MetricValues | undefined;

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
  const measured = (Object.keys(values) as ClassificationMetric[]).filter((metric) => Number.isFinite(values[metric]));
  if (measured.length === 0) return undefined;
  return {
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [[METRIC_DIMENSIONS.functionName]],
          Metrics: measured.map((metric) => ({ Name: CLASSIFICATION_METRICS[metric].name, Unit: CLASSIFICATION_METRICS[metric].unit })),
        },
      ],
    },
    [METRIC_DIMENSIONS.functionName]: functionName,
    ...Object.fromEntries(measured.map((metric) => [CLASSIFICATION_METRICS[metric].name, values[metric]])),
  };
}

/**
 * The model-quality signal of one classification: its top score and whether it fell below the
 * threshold. Read from the input, so it is measured whether the filter passes the image or throws
 * ThresholdConfidenceNotMet; input without valid scores measures nothing.
 */
function classificationMetrics(threshold: number): Measure {
  return (body) => {
    const scores = body === undefined ? undefined : parseScores(body.inferences);
    if (scores === undefined) return undefined;
    const top = highestScore(scores);
    return { topConfidence: top, belowThreshold: top < threshold ? 1 : 0, classifications: 1 };
  };
}

export { embeddedMetrics, classificationMetrics };
export type { EmbeddedMetrics, Measure, MetricValues };
