import { TerraformVariable, Token } from 'cdktf';
import type { TerraformVariableConfig } from 'cdktf';
import { Construct } from 'constructs';
import { ENDPOINT_NAME_PATTERN, MAX_SCORES_LIMIT, REAL_TIME_ENDPOINT_MAX_BYTES } from '../contract/variables';
import type { TerraformVariableName } from '../contract/variables';

interface VariableSpec extends Omit<TerraformVariableConfig, 'validation'> {
  /** A Terraform condition on the variable; `VAR` stands for its reference. */
  readonly rule: string;
  readonly errorMessage: string;
}

/**
 * What differs per environment, as Terraform variables with validation blocks: ops reuse the
 * synthesized configuration with their own tfvars. Regexes avoid backslashes so that the JSON
 * and HCL renderings read the same.
 */
const VARIABLES = {
  notification_email: {
    type: 'string',
    description: 'Address that receives the succeeded and failed notifications (confirm the SNS subscription email).',
    rule: 'can(regex("^[^@ ]+@[^@ ]+[.][^@ ]+$", VAR))',
    errorMessage: 'notification_email must be an email address such as ops@example.com.',
  },
  endpoint_name: {
    type: 'string',
    description: 'Name of the SageMaker endpoint that classifies the images.',
    // The pattern bounds the repetitions of `-*[a-zA-Z0-9]`, not the length: SageMaker allows 63 characters.
    rule: `length(VAR) <= 63 && can(regex("${ENDPOINT_NAME_PATTERN.source}", VAR))`,
    errorMessage: 'endpoint_name must be a SageMaker endpoint name: 1-63 letters, digits or hyphens, not starting or ending with a hyphen.',
  },
  image_bucket: {
    type: 'string',
    description: 'S3 bucket that holds the images to classify.',
    rule:
      'can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", VAR)) && !can(regex("[.][.]|[.]-|-[.]", VAR)) && !can(regex("^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$", VAR))' +
      ' && !can(regex("^(xn--|sthree-|amzn-s3-demo-)|(-s3alias|--ol-s3|[.]mrap|--x-s3|--table-s3)$", VAR))',
    errorMessage:
      'image_bucket must be an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, no two adjacent dots, not an IP address, without a prefix or suffix S3 reserves (xn--, sthree-, -s3alias, --ol-s3, ...).',
  },
  image_key_prefix: {
    type: 'string',
    default: '',
    description: 'Key prefix the functions may read images under (e.g. "test/"); empty allows the whole bucket.',
    // S3 keys are at most 1024 bytes of UTF-8: the byte count is read off the base64 length and padding.
    // `${` would be an IAM policy variable in the s3:GetObject resource; `"` and `\` (%22, %5C once
    // URL-encoded: the rule stays free of quotes and backslashes) would break the trigger's event
    // pattern, where the prefix stands inside a JSON string.
    rule: 'length(base64encode(VAR)) / 4 * 3 - length(regexall("=", base64encode(VAR))) <= 1024 && !can(regex("^/|[*?]|[$][{]", VAR)) && !strcontains(urlencode(VAR), "%22") && !strcontains(urlencode(VAR), "%5C")',
    errorMessage:
      'image_key_prefix must be at most 1024 bytes (UTF-8), must not start with "/" and must not contain *, ?, a double quote, a backslash or "$" followed by "{" (an IAM policy variable).',
  },
  confidence_threshold: {
    type: 'number',
    default: 0.93,
    description: 'Lowest top score an image needs to pass the filter, in (0, 1].',
    rule: 'VAR > 0 && VAR <= 1',
    errorMessage: 'confidence_threshold must be greater than 0 and at most 1.',
  },
  max_image_bytes: {
    type: 'number',
    default: REAL_TIME_ENDPOINT_MAX_BYTES,
    description: `Largest image in bytes the endpoint accepts: ${REAL_TIME_ENDPOINT_MAX_BYTES} (6 MB) for a real-time endpoint, 4194304 (4 MB) for a serverless one.`,
    rule: `floor(VAR) == VAR && VAR >= 1 && VAR <= ${REAL_TIME_ENDPOINT_MAX_BYTES}`,
    errorMessage: `max_image_bytes must be a whole number from 1 to ${REAL_TIME_ENDPOINT_MAX_BYTES}.`,
  },
  max_scores: {
    type: 'number',
    default: MAX_SCORES_LIMIT,
    description: 'Most scores (classes) an endpoint answer may hold; more fail with InvalidEndpointResponse.',
    rule: `floor(VAR) == VAR && VAR >= 1 && VAR <= ${MAX_SCORES_LIMIT}`,
    errorMessage: `max_scores must be a whole number from 1 to ${MAX_SCORES_LIMIT} (more would not fit the 256 KB state payload).`,
  },
  ops_emails: {
    type: 'list(string)',
    default: [],
    description: 'Addresses that receive the operations alarms (each confirms its SNS subscription email); empty subscribes nobody.',
    rule: 'alltrue([for email in VAR : can(regex("^[^@ ]+@[^@ ]+[.][^@ ]+$", email))])',
    errorMessage: 'ops_emails must be a list of email addresses such as ["oncall@example.com"].',
  },
  endpoint_variant_name: {
    type: 'string',
    default: 'AllTraffic',
    description:
      'Production variant of the endpoint whose errors and latency are alarmed on (SageMaker names a single variant AllTraffic).',
    rule: 'can(regex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$", VAR))',
    errorMessage: 'endpoint_variant_name must be a SageMaker variant name: 1-63 letters, digits or hyphens.',
  },
  alarm_evaluation_periods: {
    type: 'number',
    default: 1,
    description: 'Consecutive 5-minute periods a workflow, function, endpoint or queue alarm must breach before it fires.',
    rule: 'VAR >= 1 && VAR <= 288 && floor(VAR) == VAR',
    errorMessage: 'alarm_evaluation_periods must be a whole number from 1 to 288 (a day of 5-minute periods).',
  },
  executions_failed_threshold: {
    type: 'number',
    default: 5,
    description: 'Failed executions of a state machine in 5 minutes that raise the alarm (images below the confidence threshold fail too).',
    rule: 'VAR >= 1 && floor(VAR) == VAR',
    errorMessage: 'executions_failed_threshold must be a whole number of at least 1.',
  },
  executions_timed_out_threshold: {
    type: 'number',
    default: 1,
    description: 'Timed-out executions of a state machine in 5 minutes that raise the alarm.',
    rule: 'VAR >= 1 && floor(VAR) == VAR',
    errorMessage: 'executions_timed_out_threshold must be a whole number of at least 1.',
  },
  execution_throttled_threshold: {
    type: 'number',
    default: 1,
    description: 'Throttled state transitions of a state machine in 5 minutes that raise the alarm.',
    rule: 'VAR >= 1 && floor(VAR) == VAR',
    errorMessage: 'execution_throttled_threshold must be a whole number of at least 1.',
  },
  function_errors_threshold: {
    type: 'number',
    default: 5,
    description: 'Errors of a function in 5 minutes that raise the alarm (the filter does not count ThresholdConfidenceNotMet).',
    rule: 'VAR >= 1 && floor(VAR) == VAR',
    errorMessage: 'function_errors_threshold must be a whole number of at least 1.',
  },
  function_throttles_threshold: {
    type: 'number',
    default: 1,
    description: 'Throttled invocations of a function in 5 minutes that raise the alarm.',
    rule: 'VAR >= 1 && floor(VAR) == VAR',
    errorMessage: 'function_throttles_threshold must be a whole number of at least 1.',
  },
  endpoint_5xx_threshold: {
    type: 'number',
    default: 1,
    description: 'Invocation5XXErrors of the endpoint variant in 5 minutes that raise the alarm.',
    rule: 'VAR >= 1 && floor(VAR) == VAR',
    errorMessage: 'endpoint_5xx_threshold must be a whole number of at least 1.',
  },
  model_latency_p90_ms: {
    type: 'number',
    default: 2000,
    description: "Milliseconds of the endpoint variant's p90 ModelLatency over 5 minutes above which the alarm fires.",
    rule: 'VAR > 0 && VAR <= 60000',
    errorMessage: 'model_latency_p90_ms must be greater than 0 and at most 60000 (the invocation timeout).',
  },
  dead_letter_messages_threshold: {
    type: 'number',
    default: 0,
    description: 'Visible messages in a dead-letter queue above which the alarm fires (0: any message).',
    rule: 'VAR >= 0 && floor(VAR) == VAR',
    errorMessage: 'dead_letter_messages_threshold must be a whole number of at least 0.',
  },
  batch_executions_failed_threshold: {
    type: 'number',
    default: 1,
    description: 'Failed executions of a batch state machine in 5 minutes that raise the alarm.',
    rule: 'VAR >= 1 && floor(VAR) == VAR',
    errorMessage: 'batch_executions_failed_threshold must be a whole number of at least 1.',
  },
  below_threshold_share_alarm: {
    type: 'number',
    default: 0.5,
    description:
      "Share of an hour's classifications whose top score is below confidence_threshold above which the model-quality alarm fires.",
    rule: 'VAR > 0 && VAR < 1',
    errorMessage: 'below_threshold_share_alarm must be greater than 0 and less than 1.',
  },
  below_threshold_min_classifications: {
    type: 'number',
    default: 10,
    description:
      'Classifications an hour needs before its share below the threshold is judged, so one image in a quiet hour does not page.',
    rule: 'VAR >= 1 && floor(VAR) == VAR',
    errorMessage: 'below_threshold_min_classifications must be a whole number of at least 1.',
  },
  enable_trigger: {
    type: 'bool',
    default: false,
    description:
      'Turn on EventBridge notifications for image_bucket so that each new image starts the workflow. WARNING: a bucket has one notification configuration; this replaces it (including Lambda/SQS/SNS notifications set elsewhere). Leave false if another stack manages the bucket notifications, and enable EventBridge there instead.',
    rule: 'VAR != null',
    errorMessage: 'enable_trigger must be true or false.',
  },
  batch_max_concurrency: {
    type: 'number',
    default: 10,
    description:
      'Child executions a batch runs at once. Size it to the endpoint: instances x concurrent invocations one instance serves (e.g. 2 x 5 = 10); more only queues at the endpoint and turns into throttling.',
    rule: 'VAR >= 1 && VAR <= 10000 && floor(VAR) == VAR',
    errorMessage: 'batch_max_concurrency must be a whole number from 1 to 10000.',
  },
  batch_tolerated_failure_percentage: {
    type: 'number',
    default: 100,
    description:
      'Share of failed images (below the threshold, unreadable, ...) at which a batch stops with States.ExceedToleratedFailureThreshold instead of finishing with a summary; 100 always finishes.',
    rule: 'VAR >= 0 && VAR <= 100',
    errorMessage: 'batch_tolerated_failure_percentage must be from 0 to 100.',
  },
  batch_results_prefix: {
    type: 'string',
    default: 'batch-results/',
    description:
      'Key prefix in image_bucket where batches write their results (manifest.json, SUCCEEDED_n.json, FAILED_n.json). They are JSON, so the trigger (images only) never starts on them.',
    rule: 'length(VAR) >= 2 && length(VAR) <= 512 && can(regex("^[^/*?][^*?]*/$", VAR))',
    errorMessage: 'batch_results_prefix must end with "/", must not start with "/" and must not contain * or ?.',
  },
} as const satisfies Record<TerraformVariableName, VariableSpec>;

/** The deployment's Terraform variables, named as ops pass them (`-var endpoint_name=...`). */
class DeploymentVariables extends Construct {
  private readonly variables: ReadonlyMap<TerraformVariableName, TerraformVariable>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.variables = new Map((Object.keys(VARIABLES) as TerraformVariableName[]).map((name) => [name, this.declare(name)]));
  }

  /** The variable's value as text (the functions' environment takes text). */
  value(name: TerraformVariableName): string {
    const variable = this.variables.get(name)!;
    return VARIABLES[name].type === 'number' ? Token.asString(variable.numberValue) : variable.stringValue;
  }

  /** A number variable's value, for alarm thresholds and other numeric settings. */
  number(name: TerraformVariableName): number {
    return this.variables.get(name)!.numberValue;
  }

  /** A list variable's value. */
  list(name: TerraformVariableName): string[] {
    return this.variables.get(name)!.listValue;
  }

  private declare(name: TerraformVariableName): TerraformVariable {
    const { rule, errorMessage, ...config } = VARIABLES[name] as VariableSpec;
    const variable = new TerraformVariable(this, name, {
      ...config,
      validation: [{ condition: `\${${rule.replaceAll('VAR', `var.${name}`)}}`, errorMessage }],
    });
    variable.overrideLogicalId(name);
    // cdktf's HCL renderer drops a falsy default (`""`, 0, false), which would make the variable required.
    if ('default' in config && !config.default) variable.addOverride('default', config.default);
    return variable;
  }
}

export { DeploymentVariables, VARIABLES };
