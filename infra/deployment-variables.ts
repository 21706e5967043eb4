import { Fn, TerraformLocal, TerraformVariable, Token } from 'cdktf';
import type { TerraformVariableConfig } from 'cdktf';
import { Construct } from 'constructs';
import {
  DEFAULT_ENDPOINT_RESPONSE_FORMAT,
  ENDPOINT_RESPONSE_FORMATS,
  MAX_CLASS_LABELS,
  MAX_LABEL_LENGTH,
} from '../contract/endpoint-response';
import { DEFAULT_ENDPOINT_ACCEPT } from '../contract/environment';
import {
  CONFIDENCE_THRESHOLD_TEXT,
  ENDPOINT_NAME_PATTERN,
  MAX_ENDPOINT_NAME_LENGTH,
  MAX_MEDIA_TYPE_LENGTH,
  MAX_SCORES_LIMIT,
  MAX_TARGET_MODEL_LENGTH,
  MEDIA_TYPE_PATTERN,
  TARGET_MODEL_PATTERN,
  REAL_TIME_ENDPOINT_MAX_BYTES,
  TERRAFORM_VARIABLE_NAMES,
  WHOLE_NUMBER_TEXT,
  jsonTextLocalName,
} from '../contract/variables';
import type { TerraformVariableName } from '../contract/variables';
import { DEFAULT_NOTIFICATION_POLICY, NOTIFICATION_POLICIES } from '../contract/notifications';
import { ALARM_VARIABLES } from './alarm-table';
import type { AlarmVariable, AlarmVariableName } from './alarm-table';
import type { Literal } from './terraform-tests';

interface VariableSpec extends Omit<TerraformVariableConfig, 'validation' | 'default'> {
  readonly default?: Literal;
  /** A Terraform condition on the variable; `VAR` stands for its reference. */
  readonly rule: string;
  readonly errorMessage: string;
  /** The value env/example.tfvars and the shipped tests set, where the default is none or not a good example. */
  readonly example?: Literal;
}

/**
 * What a key prefix must not hold, for it stands in S3 keys, in IAM policies (`${` would start a policy
 * variable, `*` and `?` are wildcards there and in event patterns) and inside JSON strings (event
 * patterns, definitions): no leading "/", no `*`, `?` or `${`, and no double quote, backslash or control
 * character (C0, DEL, C1), found by their percent-encoding (%22, %5C, %00-%1F, %7F, %C2%80-%C2%9F) so
 * that the rule itself holds no quote or backslash.
 */
const KEY_PREFIX_RULE = '!can(regex("^/|[*?]|[$][{]", VAR)) && !can(regex("%(22|5C|[01][0-9A-F]|7F)|%C2%[89][0-9A-F]", urlencode(VAR)))';
const KEY_PREFIX_MUST =
  'must not start with "/" nor contain *, ?, a double quote, a backslash, a control character or "$" followed by "{" (S3 keys, IAM policies and EventBridge patterns cannot hold them)';

/** A prefix results are written under: 2 to 512 characters ending with "/", and a key prefix. */
const RESULTS_PREFIX_RULE = `length(VAR) >= 2 && length(VAR) <= 512 && can(regex("/$", VAR)) && ${KEY_PREFIX_RULE}`;
const RESULTS_PREFIX_MUST = `must be 2 to 512 characters ending with "/", and ${KEY_PREFIX_MUST}`;

/** A whole number from 1 to `max`, written as the functions read it (contract/variables.ts). */
function wholeNumberRule(max: number): string {
  return `can(regex("${WHOLE_NUMBER_TEXT.source}", tostring(VAR))) && VAR >= 1 && VAR <= ${max}`;
}

/** SageMaker's name rule (endpoints, variants, inference components), as contract/variables.ts writes it. */
const SAGEMAKER_NAME_RULE = `length(VAR) <= ${MAX_ENDPOINT_NAME_LENGTH} && can(regex("${ENDPOINT_NAME_PATTERN.source}", VAR))`;
const MEDIA_TYPE_RULE = `length(VAR) <= ${MAX_MEDIA_TYPE_LENGTH} && can(regex("${MEDIA_TYPE_PATTERN.source}", VAR))`;
const MEDIA_TYPE_MUST = `a MIME type such as application/x-image or application/json;verbose: type/subtype in letters, digits and !#$&^_.+- then any ;parameter or ;parameter=value, at most ${MAX_MEDIA_TYPE_LENGTH} characters`;

/**
 * A label's length as the function counts it (JavaScript's `length`, UTF-16 code units): its code points,
 * plus one for each beyond U+FFFF (four bytes in UTF-8, percent-encoded from %F0 to %F4). Terraform's own
 * `length` counts grapheme clusters, which would let a label of 256 emoji (512 code units) through.
 * Terraform normalizes strings to NFC, which is also the text the function reads.
 */
const LABEL_LENGTH = 'length(regexall("(?s).", label)) + length(regexall("%F[0-4]", urlencode(label)))';

/**
 * What differs per environment, as Terraform variables with validation blocks: ops reuse the
 * synthesized configuration with their own tfvars. Regexes avoid backslashes so that the JSON
 * and HCL renderings read the same. The alarm variables come from the alarm table.
 */
const PIPELINE_VARIABLES = {
  notification_email: {
    type: 'string',
    description: 'Address that receives the succeeded and failed notifications (confirm the SNS subscription email).',
    rule: 'can(regex("^[^@ ]+@[^@ ]+[.][^@ ]+$", VAR))',
    errorMessage: 'notification_email must be an email address such as ops@example.com.',
    example: 'ops@example.com',
  },
  endpoint_name: {
    type: 'string',
    description: 'Name of the SageMaker endpoint that classifies the images.',
    // The pattern bounds the repetitions of `-*[a-zA-Z0-9]`, not the length: SageMaker allows 63 characters.
    rule: `length(VAR) <= 63 && can(regex("${ENDPOINT_NAME_PATTERN.source}", VAR))`,
    errorMessage: 'endpoint_name must be a SageMaker endpoint name: 1-63 letters, digits or hyphens, not starting or ending with a hyphen.',
    example: 'image-classification-2026',
  },
  image_bucket: {
    type: 'string',
    description: 'S3 bucket that holds the images to classify.',
    rule:
      'can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", VAR)) && !can(regex("[.][.]|[.]-|-[.]", VAR)) && !can(regex("^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$", VAR))' +
      ' && !can(regex("^(xn--|sthree-|amzn-s3-demo-)|(-s3alias|--ol-s3|[.]mrap|--x-s3|--table-s3)$", VAR))',
    errorMessage:
      'image_bucket must be an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, no two adjacent dots, not an IP address, without a prefix or suffix S3 reserves (xn--, sthree-, -s3alias, --ol-s3, ...).',
    example: 'my-images',
  },
  image_key_prefix: {
    type: 'string',
    default: '',
    description: 'Key prefix the functions may read images under (e.g. "test/"); empty allows the whole bucket.',
    // S3 keys are at most 1024 bytes of UTF-8: the byte count is read off the base64 length and padding.
    rule: `length(base64encode(VAR)) / 4 * 3 - length(regexall("=", base64encode(VAR))) <= 1024 && ${KEY_PREFIX_RULE}`,
    errorMessage: `image_key_prefix must be at most 1024 bytes (UTF-8) and ${KEY_PREFIX_MUST}.`,
    example: 'test/',
  },
  confidence_threshold: {
    type: 'number',
    default: 0.93,
    description: 'Lowest top score an image needs to pass the filter, in (0, 1], with at most 15 decimal places.',
    // The text Terraform writes into the function's environment, checked by the rule the function parses it with.
    rule: `can(regex("${CONFIDENCE_THRESHOLD_TEXT.source}", tostring(VAR)))`,
    errorMessage:
      'confidence_threshold must be greater than 0 and at most 1, with at most 15 decimal places (the function reads it as a JavaScript number: 1e-400 would read as 0).',
  },
  max_image_bytes: {
    type: 'number',
    default: REAL_TIME_ENDPOINT_MAX_BYTES,
    description: `Largest image in bytes the endpoint accepts: ${REAL_TIME_ENDPOINT_MAX_BYTES} (6 MB) for a real-time endpoint, 4194304 (4 MB) for a serverless one.`,
    rule: wholeNumberRule(REAL_TIME_ENDPOINT_MAX_BYTES),
    errorMessage: `max_image_bytes must be a whole number from 1 to ${REAL_TIME_ENDPOINT_MAX_BYTES}.`,
  },
  max_scores: {
    type: 'number',
    default: MAX_SCORES_LIMIT,
    description: 'Most scores (classes) an endpoint answer may hold; more fail with InvalidEndpointResponse.',
    rule: wholeNumberRule(MAX_SCORES_LIMIT),
    errorMessage: `max_scores must be a whole number from 1 to ${MAX_SCORES_LIMIT} (more would not fit the 256 KB state payload).`,
  },
  endpoint_response_format: {
    type: 'string',
    default: DEFAULT_ENDPOINT_RESPONSE_FORMAT,
    description: `The endpoint's answer shape: auto recognises any of them; one name (${ENDPOINT_RESPONSE_FORMATS.slice(1).join(', ')}) accepts only that shape.`,
    rule: `contains(${JSON.stringify(ENDPOINT_RESPONSE_FORMATS)}, VAR)`,
    errorMessage: `endpoint_response_format must be one of ${ENDPOINT_RESPONSE_FORMATS.join(', ')}.`,
  },
  endpoint_content_type: {
    type: 'string',
    default: '',
    description:
      "ContentType sent with the image's bytes (e.g. application/x-image for SageMaker's built-in algorithm); empty sends the image's detected type (image/png or image/jpeg).",
    rule: `VAR == "" || (${MEDIA_TYPE_RULE})`,
    errorMessage: `endpoint_content_type must be empty or ${MEDIA_TYPE_MUST}.`,
  },
  endpoint_accept: {
    type: 'string',
    default: DEFAULT_ENDPOINT_ACCEPT,
    description: 'Accept sent to the endpoint, e.g. application/json;verbose for JumpStart to name its classes. The answer must be JSON.',
    rule: MEDIA_TYPE_RULE,
    errorMessage: `endpoint_accept must be ${MEDIA_TYPE_MUST}.`,
  },
  endpoint_target_model: {
    type: 'string',
    default: '',
    description: 'TargetModel of each invocation: the model artifact (e.g. model-a.tar.gz) on a multi-model endpoint; empty passes none.',
    rule: `VAR == "" || (length(VAR) <= ${MAX_TARGET_MODEL_LENGTH} && can(regex("${TARGET_MODEL_PATTERN.source}", VAR)))`,
    errorMessage: `endpoint_target_model must be empty or at most ${MAX_TARGET_MODEL_LENGTH} printable ASCII characters, the first not a space (SageMaker's TargetModel).`,
  },
  endpoint_target_variant: {
    type: 'string',
    default: '',
    description: 'TargetVariant of each invocation: the production variant that answers; empty lets the endpoint route by its weights.',
    rule: `VAR == "" || (${SAGEMAKER_NAME_RULE})`,
    errorMessage:
      'endpoint_target_variant must be empty or a SageMaker variant name: 1-63 letters, digits or hyphens, not starting or ending with a hyphen.',
  },
  endpoint_inference_component: {
    type: 'string',
    default: '',
    description: 'InferenceComponentName of each invocation, for an endpoint that hosts inference components; empty passes none.',
    rule: `VAR == "" || (${SAGEMAKER_NAME_RULE})`,
    errorMessage:
      'endpoint_inference_component must be empty or a SageMaker inference component name: 1-63 letters, digits or hyphens, not starting or ending with a hyphen.',
  },
  class_labels: {
    type: 'list(string)',
    default: [],
    nullable: false,
    description:
      "Class names by index, for answers that give scores without names (seed, JumpStart without ;verbose, TensorFlow Serving); answers that name their classes use their own. Written as one S3 object under results_prefix (configuration/class-labels-<sha256>.json) that the classify function reads once per container. Empty: classes are named 'class <index>'.",
    rule: `length(VAR) <= ${MAX_CLASS_LABELS} && alltrue([for label in VAR : try(label != "" && ${LABEL_LENGTH} <= ${MAX_LABEL_LENGTH}, false)])`,
    errorMessage: `class_labels must hold at most ${MAX_CLASS_LABELS} names (a name may repeat, as in ImageNet's), each non-empty and at most ${MAX_LABEL_LENGTH} characters (UTF-16 code units: a character beyond U+FFFF, such as an emoji, counts 2).`,
  },
  ops_emails: {
    type: 'list(string)',
    default: [],
    description:
      'Addresses that receive the operations alarms (each confirms its SNS subscription email); empty sends them to notification_email, so that someone is always told.',
    rule: 'alltrue([for email in VAR : can(regex("^[^@ ]+@[^@ ]+[.][^@ ]+$", email))])',
    errorMessage: 'ops_emails must be a list of email addresses such as ["oncall@example.com"].',
    example: ['oncall@example.com'],
  },
  endpoint_variant_name: {
    type: 'string',
    default: 'AllTraffic',
    description:
      'Production variant of the endpoint whose errors and latency are alarmed on (SageMaker names a single variant AllTraffic).',
    rule: 'can(regex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$", VAR))',
    errorMessage: 'endpoint_variant_name must be a SageMaker variant name: 1-63 letters, digits or hyphens.',
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
    rule: RESULTS_PREFIX_RULE,
    errorMessage: `batch_results_prefix ${RESULTS_PREFIX_MUST}.`,
  },
  results_prefix: {
    type: 'string',
    default: 'classification-results/',
    description:
      "Key prefix in image_bucket where each image's outcome is written as one JSON object (<prefix>images/<image key>.json), for Athena or any reader. JSON, so the trigger (images only) never starts on them; keep it outside image_key_prefix.",
    rule: RESULTS_PREFIX_RULE,
    errorMessage: `results_prefix ${RESULTS_PREFIX_MUST}.`,
  },
  notify_on: {
    type: 'string',
    default: DEFAULT_NOTIFICATION_POLICY,
    description:
      'Which outcomes notification_email is emailed about: "all" (each classified image, each failure, each batch summary), "failures" (failures, below-threshold included, and batch summaries) or "none" (no email; the result objects and the alarms remain).',
    rule: `contains(${JSON.stringify(Object.values(NOTIFICATION_POLICIES))}, VAR)`,
    errorMessage: `notify_on must be one of ${Object.values(NOTIFICATION_POLICIES).join(', ')}.`,
  },
  trigger_archive_retention_days: {
    type: 'number',
    default: 14,
    description:
      "Days the EventBridge archive keeps the bucket's Object Created events, so that the trigger's undeliverable events can be replayed (0 keeps them indefinitely). The default matches the dead-letter queue's 14 days.",
    rule: 'floor(VAR) == VAR && VAR >= 0',
    errorMessage: 'trigger_archive_retention_days must be a whole number of days, 0 (indefinitely) or more.',
  },
} satisfies Record<Exclude<TerraformVariableName, AlarmVariableName>, VariableSpec>;

function alarmVariableSpec(name: AlarmVariableName, { default: value, description, validation }: AlarmVariable): VariableSpec {
  return { type: 'number', default: value, description, rule: validation.rule, errorMessage: `${name} must be ${validation.mustBe}.` };
}

const VARIABLES: Readonly<Record<TerraformVariableName, VariableSpec>> = {
  ...PIPELINE_VARIABLES,
  ...(Object.fromEntries(
    (Object.entries(ALARM_VARIABLES) as [AlarmVariableName, AlarmVariable][]).map(([name, variable]) => [
      name,
      alarmVariableSpec(name, variable),
    ]),
  ) as Record<AlarmVariableName, VariableSpec>),
};

/** Each variable's value in the examples: its example, else its default. */
const EXAMPLE_VARIABLES = Object.fromEntries(
  TERRAFORM_VARIABLE_NAMES.map((name) => [name, VARIABLES[name].example ?? VARIABLES[name].default!]),
) as Readonly<Record<TerraformVariableName, Literal>>;

/** The deployment's Terraform variables, named as ops pass them (`-var endpoint_name=...`). */
class DeploymentVariables extends Construct {
  private readonly variables: ReadonlyMap<TerraformVariableName, TerraformVariable>;
  /** One token per variable, so that a variable's reference can be found in text built from it. */
  private readonly values = new Map<TerraformVariableName, string>();
  private readonly jsonTexts = new Map<TerraformVariableName, string>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.variables = new Map(TERRAFORM_VARIABLE_NAMES.map((name) => [name, this.declare(name)]));
  }

  /** The variable's value as text (the functions' environment takes text). */
  value(name: TerraformVariableName): string {
    let value = this.values.get(name);
    if (value === undefined) {
      const variable = this.variables.get(name)!;
      value = VARIABLES[name].type === 'number' ? Token.asString(variable.numberValue) : variable.stringValue;
      this.values.set(name, value);
    }
    return value;
  }

  /** A number variable's value, for alarm thresholds and other numeric settings. */
  number(name: TerraformVariableName): number {
    return this.variables.get(name)!.numberValue;
  }

  /** A list variable's value. */
  list(name: TerraformVariableName): string[] {
    return this.variables.get(name)!.listValue;
  }

  /**
   * JSON text (a definition, an event pattern) with every string variable's value, wherever `value()`
   * placed it inside a JSON string, replaced by the value JSON-encoded (Terraform's `jsonencode`, its
   * quotes trimmed): a quote, backslash or newline in a value stays text and cannot end the string or
   * add a field. Each encoding is a local (`local.<variable>_json`, contract/variables.ts), so that the
   * text keeps reading as JSON before Terraform fills it in.
   */
  embedInJson(json: string): string {
    return TERRAFORM_VARIABLE_NAMES.filter((name) => VARIABLES[name].type === 'string').reduce(
      (text, name) => (text.includes(this.value(name)) ? text.replaceAll(this.value(name), this.jsonText(name)) : text),
      json,
    );
  }

  private jsonText(name: TerraformVariableName): string {
    let text = this.jsonTexts.get(name);
    if (text === undefined) {
      const quote = Fn.rawString('"');
      const local = new TerraformLocal(
        this,
        jsonTextLocalName(name),
        Fn.trimsuffix(Fn.trimprefix(Fn.jsonencode(this.value(name)), quote), quote),
      );
      local.overrideLogicalId(jsonTextLocalName(name));
      text = local.asString;
      this.jsonTexts.set(name, text);
    }
    return text;
  }

  private declare(name: TerraformVariableName): TerraformVariable {
    const { rule, errorMessage, example: _example, ...config } = VARIABLES[name];
    const variable = new TerraformVariable(this, name, {
      ...config,
      validation: [{ condition: `\${${rule.replaceAll('VAR', `var.${name}`)}}`, errorMessage }],
    });
    variable.overrideLogicalId(name);
    // cdktf's HCL renderer drops a falsy default or `nullable = false` (`""`, 0, false), which would make the variable required.
    if ('default' in config && !config.default) variable.addOverride('default', config.default);
    if (config.nullable === false) variable.addOverride('nullable', false);
    return variable;
  }
}

export { DeploymentVariables, VARIABLES, EXAMPLE_VARIABLES };
