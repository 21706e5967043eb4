import { parseS3Uri } from './class-labels';
import { DEFAULT_ENDPOINT_RESPONSE_FORMAT, ENDPOINT_RESPONSE_FORMATS, isEndpointResponseFormat } from './endpoint-response';
import type { EndpointResponseFormat } from './endpoint-response';
import {
  CONFIDENCE_THRESHOLD_TEXT,
  DEFAULT_CONFIDENCE_THRESHOLD,
  ENDPOINT_NAME_PATTERN,
  MAX_ENDPOINT_NAME_LENGTH,
  MAX_MEDIA_TYPE_LENGTH,
  MAX_SCORES_LIMIT,
  MAX_TARGET_MODEL_LENGTH,
  REAL_TIME_ENDPOINT_MAX_BYTES,
  WHOLE_NUMBER_TEXT,
  isConfidenceThreshold,
  isCount,
  isEndpointName,
  isMediaType,
  isTargetModel,
} from './variables';
import type { TerraformVariableName } from './variables';

/** What the classify function asks the endpoint to answer in, unless `endpoint_accept` says otherwise. */
const DEFAULT_ENDPOINT_ACCEPT = 'application/json';

type Environment = Readonly<Record<string, string | undefined>>;

type Parsed<T> = { readonly value: T } | { readonly problem: string };

interface EnvironmentVariableSpec<T> {
  /** The Terraform variable the stack sets it from (CLASS_LABELS_OBJECT: the object the stack writes from it). */
  readonly terraformVariable: TerraformVariableName;
  readonly parse: (raw: string | undefined) => Parsed<T>;
}

const show = (raw: string | undefined) => JSON.stringify(raw) ?? 'unset';

const environmentVariable = <T>(spec: EnvironmentVariableSpec<T>): EnvironmentVariableSpec<T> => spec;

/**
 * A variable's parser: `fallback` when unset or empty; otherwise what `read` makes of the text, or, when
 * it gives undefined, the problem "must be <must>, got: <the text>".
 */
function withFallback<T>(fallback: T, read: (raw: string) => T | undefined, must: string): EnvironmentVariableSpec<T>['parse'] {
  return (raw) => {
    if (raw === undefined || raw === '') return { value: fallback };
    const value = read(raw);
    return value === undefined ? { problem: `must be ${must}, got: ${show(raw)}` } : { value };
  };
}

/** A whole number from 1 to `max`, written as Terraform writes one (`Number` alone would also take '0x1', '1e3' and ' 1 '); `fallback` when unset. */
function count(fallback: number, max: number): EnvironmentVariableSpec<number>['parse'] {
  return withFallback(
    fallback,
    (raw) => (WHOLE_NUMBER_TEXT.test(raw) && isCount(Number(raw), 1, max) ? Number(raw) : undefined),
    `a whole number from 1 to ${max}`,
  );
}

/** Text that, when set, must pass `isValid`; unset or empty is undefined ("not passed"). */
function optional(isValid: (value: string) => boolean, must: string): EnvironmentVariableSpec<string | undefined>['parse'] {
  return withFallback<string | undefined>(undefined, (raw) => (isValid(raw) ? raw : undefined), `empty or ${must}`);
}

const MEDIA_TYPE = `a MIME type such as application/x-image or application/json;verbose (type/subtype, then ;parameters), at most ${MAX_MEDIA_TYPE_LENGTH} characters`;
const SAGEMAKER_NAME = `a SageMaker name (${ENDPOINT_NAME_PATTERN.source}, at most ${MAX_ENDPOINT_NAME_LENGTH} characters)`;

/** The functions' configuration: each variable, where its value comes from, and how it is read at cold start. */
const ENVIRONMENT_VARIABLES = {
  ENDPOINT_NAME: environmentVariable<string>({
    terraformVariable: 'endpoint_name',
    parse: (raw) =>
      raw !== undefined && isEndpointName(raw)
        ? { value: raw }
        : {
            problem: `must be a SageMaker endpoint name (${ENDPOINT_NAME_PATTERN.source}, at most ${MAX_ENDPOINT_NAME_LENGTH} characters), got: ${show(raw)}`,
          },
  }),
  CONFIDENCE_THRESHOLD: environmentVariable<number>({
    terraformVariable: 'confidence_threshold',
    parse: withFallback(
      DEFAULT_CONFIDENCE_THRESHOLD,
      (raw) => (CONFIDENCE_THRESHOLD_TEXT.test(raw) && isConfidenceThreshold(Number(raw)) ? Number(raw) : undefined),
      'a number in (0, 1] with at most 15 decimal places',
    ),
  }),
  MAX_IMAGE_BYTES: environmentVariable<number>({
    terraformVariable: 'max_image_bytes',
    parse: count(REAL_TIME_ENDPOINT_MAX_BYTES, REAL_TIME_ENDPOINT_MAX_BYTES),
  }),
  MAX_SCORES: environmentVariable<number>({
    terraformVariable: 'max_scores',
    parse: count(MAX_SCORES_LIMIT, MAX_SCORES_LIMIT),
  }),
  ENDPOINT_RESPONSE_FORMAT: environmentVariable<EndpointResponseFormat>({
    terraformVariable: 'endpoint_response_format',
    parse: withFallback<EndpointResponseFormat>(
      DEFAULT_ENDPOINT_RESPONSE_FORMAT,
      (raw) => (isEndpointResponseFormat(raw) ? raw : undefined),
      `one of ${ENDPOINT_RESPONSE_FORMATS.join(', ')}`,
    ),
  }),
  /** Unset or empty: each image's detected content type (image/png, image/jpeg). */
  ENDPOINT_CONTENT_TYPE: environmentVariable<string | undefined>({
    terraformVariable: 'endpoint_content_type',
    parse: optional(isMediaType, MEDIA_TYPE),
  }),
  ENDPOINT_ACCEPT: environmentVariable<string>({
    terraformVariable: 'endpoint_accept',
    parse: withFallback<string>(DEFAULT_ENDPOINT_ACCEPT, (raw) => (isMediaType(raw) ? raw : undefined), MEDIA_TYPE),
  }),
  ENDPOINT_TARGET_MODEL: environmentVariable<string | undefined>({
    terraformVariable: 'endpoint_target_model',
    parse: optional(
      isTargetModel,
      `a model path on a multi-model endpoint (printable ASCII, not starting with a space, at most ${MAX_TARGET_MODEL_LENGTH} characters)`,
    ),
  }),
  ENDPOINT_TARGET_VARIANT: environmentVariable<string | undefined>({
    terraformVariable: 'endpoint_target_variant',
    parse: optional(isEndpointName, SAGEMAKER_NAME),
  }),
  ENDPOINT_INFERENCE_COMPONENT: environmentVariable<string | undefined>({
    terraformVariable: 'endpoint_inference_component',
    parse: optional(isEndpointName, SAGEMAKER_NAME),
  }),
  /** Where the stack wrote `class_labels` (contract/class-labels.ts); unset or empty when there are none. */
  CLASS_LABELS_OBJECT: environmentVariable<{ readonly bucket: string; readonly key: string } | undefined>({
    terraformVariable: 'class_labels',
    parse: withFallback(undefined, parseS3Uri, 'empty or s3://bucket/key'),
  }),
} as const;

type EnvironmentVariableName = keyof typeof ENVIRONMENT_VARIABLES;
type EnvironmentValue<Name extends EnvironmentVariableName> =
  (typeof ENVIRONMENT_VARIABLES)[Name] extends EnvironmentVariableSpec<infer T> ? T : never;

/**
 * The functions' environment as the stack writes it for a deployment that sets only `endpoint_name`:
 * every other variable at its default, as Terraform's `tostring` writes it, and no class labels.
 */
function defaultEnvironment(endpointName: string): Record<EnvironmentVariableName, string> {
  return {
    ENDPOINT_NAME: endpointName,
    CONFIDENCE_THRESHOLD: String(DEFAULT_CONFIDENCE_THRESHOLD),
    MAX_IMAGE_BYTES: String(REAL_TIME_ENDPOINT_MAX_BYTES),
    MAX_SCORES: String(MAX_SCORES_LIMIT),
    ENDPOINT_RESPONSE_FORMAT: DEFAULT_ENDPOINT_RESPONSE_FORMAT,
    ENDPOINT_CONTENT_TYPE: '',
    ENDPOINT_ACCEPT: DEFAULT_ENDPOINT_ACCEPT,
    ENDPOINT_TARGET_MODEL: '',
    ENDPOINT_TARGET_VARIANT: '',
    ENDPOINT_INFERENCE_COMPONENT: '',
    CLASS_LABELS_OBJECT: '',
  };
}

/**
 * How the functions' AWS clients retry a call that failed with a transient error (throttling, 5xx,
 * timeouts): at most `AWS_RETRY_MAX_ATTEMPTS` tries, the n-th retry after a random wait in
 * [0, min(RETRY_MAX_DELAY_MS, AWS_RETRY_BASE_DELAY_MS * 2^(n-1))) ("full jitter").
 *
 * The waits between the tries of one call add up to at most MAX_RETRY_WAIT_PER_CALL_MS, a bound
 * the functions' timeouts (contract/functions.ts) are sized with: serialize makes at most two calls
 * in sequence (the key as given, then URL-decoded), 2 x 2 s of its 10 s; classify two (S3, then the
 * endpoint), 2 x 2 s beside the endpoint's 60 s within its 65 s; the summary one per result file.
 * The defaults wait at most 50 + 100 + 200 + 400 + 800 = 1,550 ms over 6 tries; with 30% of
 * requests failing at random, all 6 tries of a call fail with probability 0.3^6 = 0.07%.
 *
 * The stack does not set these; the offline harness sets the base delay to 1 ms so fault runs do not sleep.
 */
const RETRY_MAX_DELAY_MS = 20_000;
const MAX_RETRY_WAIT_PER_CALL_MS = 2_000;
const MAX_RETRY_ATTEMPTS_LIMIT = 10;
const MAX_RETRY_BASE_DELAY_MS = 1_000;

/** The longest the waits between `maxAttempts` tries of one call can add up to, each at its full-jitter upper bound. */
function worstCaseRetryWaitMs(maxAttempts: number, baseDelayMs: number): number {
  let total = 0;
  for (let retry = 0; retry < maxAttempts - 1; retry++) total += Math.min(RETRY_MAX_DELAY_MS, baseDelayMs * 2 ** retry);
  return total;
}

/** Read by every function that calls AWS; unset, each takes its default. */
const RETRY_ENVIRONMENT_VARIABLES = {
  AWS_RETRY_MAX_ATTEMPTS: { parse: count(6, MAX_RETRY_ATTEMPTS_LIMIT) },
  AWS_RETRY_BASE_DELAY_MS: { parse: count(50, MAX_RETRY_BASE_DELAY_MS) },
} as const satisfies Record<string, Pick<EnvironmentVariableSpec<number>, 'parse'>>;

type RetryEnvironmentVariableName = keyof typeof RETRY_ENVIRONMENT_VARIABLES;

export {
  ENVIRONMENT_VARIABLES,
  DEFAULT_ENDPOINT_ACCEPT,
  defaultEnvironment,
  RETRY_ENVIRONMENT_VARIABLES,
  RETRY_MAX_DELAY_MS,
  MAX_RETRY_WAIT_PER_CALL_MS,
  worstCaseRetryWaitMs,
};
export type { Environment, EnvironmentVariableName, EnvironmentValue, Parsed, RetryEnvironmentVariableName };
