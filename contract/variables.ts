/** The Terraform variables a deployment sets (`-var endpoint_name=...`), by the names ops pass. */
const TERRAFORM_VARIABLE_NAMES = [
  'notification_email',
  'endpoint_name',
  'image_bucket',
  'image_key_prefix',
  'confidence_threshold',
  // Operations (alarms and their recipients)
  'ops_emails',
  'endpoint_variant_name',
  'alarm_evaluation_periods',
  'executions_failed_threshold',
  'executions_timed_out_threshold',
  'execution_throttled_threshold',
  'function_errors_threshold',
  'function_throttles_threshold',
  'endpoint_5xx_threshold',
  'model_latency_p90_ms',
  'dead_letter_messages_threshold',
  'batch_executions_failed_threshold',
  'below_threshold_share_alarm',
  'below_threshold_min_classifications',
] as const;

type TerraformVariableName = (typeof TERRAFORM_VARIABLE_NAMES)[number];

const DEFAULT_CONFIDENCE_THRESHOLD = 0.93;

/** The threshold's rule: greater than 0, at most 1. */
function isConfidenceThreshold(value: number): boolean {
  return Number.isFinite(value) && value > 0 && value <= 1;
}

/** SageMaker's endpoint name rule. */
const ENDPOINT_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export { TERRAFORM_VARIABLE_NAMES, DEFAULT_CONFIDENCE_THRESHOLD, ENDPOINT_NAME_PATTERN, isConfidenceThreshold };
export type { TerraformVariableName };
