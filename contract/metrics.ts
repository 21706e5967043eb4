/**
 * The custom metrics the functions emit in their log line (CloudWatch embedded metric format) and
 * that the alarms and the dashboard read: one source, so the handler and the infrastructure agree.
 */
const METRIC_NAMESPACE = 'ImageClassification';

/** The one dimension: the deployed function's name (AWS_LAMBDA_FUNCTION_NAME), a handful of values per account. */
const METRIC_DIMENSIONS = { functionName: 'FunctionName' } as const;

/** Each metric and its CloudWatch unit. */
const CLASSIFICATION_METRICS = {
  /** The highest score of one classification, in [0, 1]. */
  topConfidence: { name: 'TopConfidence', unit: 'None' },
  /** 1 when the highest score is below the confidence threshold, else 0: its Average is the share below. */
  belowThreshold: { name: 'BelowThreshold', unit: 'Count' },
  /** 1 per classification that reached the filter with valid scores. */
  classifications: { name: 'Classifications', unit: 'Count' },
} as const;

type ClassificationMetric = keyof typeof CLASSIFICATION_METRICS;

/** What happened to uploads, beside their classification. */
const UPLOAD_METRICS = {
  /** 1 per execution whose upload was overwritten before it was read, in a bucket without versioning (ImageSuperseded). */
  superseded: { name: 'Superseded', unit: 'Count' },
} as const;

type UploadMetric = keyof typeof UPLOAD_METRICS;

/** Every metric a function's log line may carry. */
const FUNCTION_METRICS = { ...CLASSIFICATION_METRICS, ...UPLOAD_METRICS } as const;

type FunctionMetric = keyof typeof FUNCTION_METRICS;

export { METRIC_NAMESPACE, METRIC_DIMENSIONS, CLASSIFICATION_METRICS, UPLOAD_METRICS, FUNCTION_METRICS };
export type { ClassificationMetric, UploadMetric, FunctionMetric };
