/** The Terraform variables a deployment sets (`-var endpoint_name=...`), by the names ops pass. */
const TERRAFORM_VARIABLE_NAMES = [
  'notification_email',
  'endpoint_name',
  'image_bucket',
  'image_key_prefix',
  'confidence_threshold',
  'max_image_bytes',
  'max_scores',
  // The model
  'endpoint_response_format',
  'endpoint_content_type',
  'endpoint_accept',
  'endpoint_target_model',
  'endpoint_target_variant',
  'endpoint_inference_component',
  'class_labels',
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
  // Trigger and batch
  'enable_trigger',
  'batch_max_concurrency',
  'batch_tolerated_failure_percentage',
  'batch_results_prefix',
  'trigger_archive_retention_days',
  // Results and notifications
  'results_prefix',
  'notify_on',
] as const;

type TerraformVariableName = (typeof TERRAFORM_VARIABLE_NAMES)[number];

/**
 * The Terraform local that holds a string variable's value as it stands inside a JSON string
 * (`trimsuffix(trimprefix(jsonencode(var.<name>), "\""), "\"")`): definitions and event patterns
 * refer to `${local.<name>_json}`, never to the variable itself. Offline runners resolve it to
 * `JSON.stringify(value).slice(1, -1)`, which JSON-decodes to the same text.
 */
function jsonTextLocalName(name: TerraformVariableName): string {
  return `${name}_json`;
}

const DEFAULT_CONFIDENCE_THRESHOLD = 0.93;

/** The threshold's rule: greater than 0, at most 1. */
function isConfidenceThreshold(value: number): boolean {
  return Number.isFinite(value) && value > 0 && value <= 1;
}

/**
 * The threshold as Terraform writes it into the function's environment (`tostring`: plain decimal
 * notation, no exponent, no trailing zero), which Terraform's validation and the function's parser both
 * require: greater than 0, at most 1, and at most 15 decimal places, so that a JavaScript number holds
 * it as written (1e-400 is greater than 0 for Terraform, whose numbers are exact, but reads as 0 in
 * JavaScript). Written without backslashes, so that it reads the same inside an HCL string.
 */
const CONFIDENCE_THRESHOLD_TEXT = /^(1|0[.][0-9]{0,14}[1-9])$/;

/** A whole number as Terraform writes one (`tostring(6291456)` is `6291456`): the count variables' form, for Terraform and the functions. */
const WHOLE_NUMBER_TEXT = /^[0-9]+$/;

/** SageMaker's endpoint name rule: letters, digits and hyphens, no hyphen first or last, at most 63 characters. */
const ENDPOINT_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const MAX_ENDPOINT_NAME_LENGTH = 63;

function isEndpointName(value: string): boolean {
  return value.length <= MAX_ENDPOINT_NAME_LENGTH && ENDPOINT_NAME_PATTERN.test(value);
}

/**
 * A MIME type as InvokeEndpoint's ContentType and Accept carry it: `type/subtype` in RFC 6838's restricted
 * name characters, then parameters, each a name with or without `=value` (JumpStart's `application/json;verbose`
 * has none). Written without backslashes, so that it reads the same inside an HCL string.
 */
const MEDIA_TYPE_PATTERN = /^[A-Za-z0-9!#$&^_.+-]+[/][A-Za-z0-9!#$&^_.+-]+( *; *[A-Za-z0-9!#$&^_.+-]+(=[A-Za-z0-9!#$&^_.+-]+)?)*$/;
/** SageMaker's bound on the ContentType and Accept headers. */
const MAX_MEDIA_TYPE_LENGTH = 1024;

function isMediaType(value: string): boolean {
  return value.length <= MAX_MEDIA_TYPE_LENGTH && MEDIA_TYPE_PATTERN.test(value);
}

/**
 * InvokeEndpoint's TargetModel (a model artifact's path on a multi-model endpoint): SageMaker's pattern
 * `\A\S[\p{Print}]*\z`, `\p{Print}` being printable ASCII, so a non-blank first character and printable
 * ASCII after it, at most 1,024 characters.
 */
const TARGET_MODEL_PATTERN = /^[!-~][ -~]*$/;
const MAX_TARGET_MODEL_LENGTH = 1024;

function isTargetModel(value: string): boolean {
  return value.length <= MAX_TARGET_MODEL_LENGTH && TARGET_MODEL_PATTERN.test(value);
}

/** The largest request body a SageMaker real-time endpoint accepts (6 MB); serverless endpoints accept 4 MB. */
const REAL_TIME_ENDPOINT_MAX_BYTES = 6 * 1024 * 1024;

/**
 * The most scores a classification may carry. A probability's JSON takes at most 24 characters (and a
 * comma), so 10,000 scores (250,000 bytes) keep every state payload and notification under the
 * 262,144-byte Step Functions and SNS limits.
 */
const MAX_SCORES_LIMIT = 10_000;

/** A whole number from `min` to `max`, as Terraform and the functions' environment both read it. */
function isCount(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

export {
  TERRAFORM_VARIABLE_NAMES,
  DEFAULT_CONFIDENCE_THRESHOLD,
  ENDPOINT_NAME_PATTERN,
  MAX_ENDPOINT_NAME_LENGTH,
  MEDIA_TYPE_PATTERN,
  MAX_MEDIA_TYPE_LENGTH,
  TARGET_MODEL_PATTERN,
  MAX_TARGET_MODEL_LENGTH,
  REAL_TIME_ENDPOINT_MAX_BYTES,
  MAX_SCORES_LIMIT,
  CONFIDENCE_THRESHOLD_TEXT,
  WHOLE_NUMBER_TEXT,
  isConfidenceThreshold,
  isEndpointName,
  isMediaType,
  isTargetModel,
  isCount,
  jsonTextLocalName,
};
export type { TerraformVariableName };
