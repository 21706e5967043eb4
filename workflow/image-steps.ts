import { ALL_ERRORS, LAMBDA_SERVICE_RETRY, LAMBDA_THROTTLING_RETRY } from '../asl';
import type { Catcher } from '../asl';
import type { LambdaInvokeProps } from '../asl/integrations/lambda-invoke';
import { FUNCTIONS, taskTimeoutSeconds } from '../contract/functions';
import type { WorkflowErrorName } from '../contract/errors';
import type { FunctionName } from '../contract/functions';
import { TRIGGER_INPUT_FIELDS } from '../contract/step-payloads';
import { EXECUTION, jsonata } from './jsonata';
import { TRANSIENT_RETRY } from './retries';
import { withAttempts } from './retry-budget';
import type { RetryBudget } from './retry-budget';

type ImageStepArns = Readonly<Record<FunctionName, string>>;

/** Variables the per-image steps assign: what serialize validated, what classify scored and its top class (contract/step-payloads.ts). */
const IMAGE_VARIABLES = { image: '$image', inferences: '$inferences', top: '$top' } as const;

/** Beside every payload: the execution's name and, for a trigger-started execution, the S3 event's id (contract/step-payloads.ts). */
const CORRELATION = `'correlation_id': ${EXECUTION}.Name, 'source_event_id': ${EXECUTION}.Input.${TRIGGER_INPUT_FIELDS.eventId}`;

/** Each step's payload (contract/step-payloads.ts) and the variable its result sets. */
const STEP_PAYLOADS = {
  serializeImageData: { payload: `{${CORRELATION}, 'request': $states.input}`, assign: { image: jsonata('$states.result.Payload') } },
  classifyImageData: {
    payload: `{${CORRELATION}, 'image': ${IMAGE_VARIABLES.image}}`,
    assign: {
      inferences: jsonata('$states.result.Payload.inferences'),
      top: jsonata(`{'label': $states.result.Payload.label, 'score': $states.result.Payload.score}`),
    },
  },
  filterInferenceData: {
    payload: `{${CORRELATION}, 'image': ${IMAGE_VARIABLES.image}, 'label': ${IMAGE_VARIABLES.top}.label, 'score': ${IMAGE_VARIABLES.top}.score}`,
    assign: undefined,
  },
} as const satisfies Partial<Record<FunctionName, { payload: string; assign: Record<string, string> | undefined }>>;

type ImageStepName = keyof typeof STEP_PAYLOADS;

/**
 * A per-image step (serialize, classify or filter) as both workflows invoke it: its payload, its task
 * timeout, and its retries within `budget`. Only functions that call S3 or SageMaker (the catalogue
 * gives them access) can meet those services' transient errors, so only they retry them.
 */
function imageStepTask(arns: ImageStepArns, functionName: ImageStepName, budget: RetryBudget, next: string) {
  const callsAws = FUNCTIONS[functionName].access.length > 0;
  const { payload, assign } = STEP_PAYLOADS[functionName];
  return {
    functionArn: arns[functionName],
    payload: jsonata(payload),
    ...(assign === undefined ? {} : { assign }),
    timeoutSeconds: taskTimeoutSeconds(functionName),
    serviceRetry: withAttempts(LAMBDA_SERVICE_RETRY, budget.lambdaService),
    throttlingRetry: withAttempts(LAMBDA_THROTTLING_RETRY, budget.lambdaThrottling),
    retry: callsAws && budget.transient > 0 ? [{ ...TRANSIENT_RETRY, maxAttempts: budget.transient }] : [],
    next,
  } satisfies Partial<LambdaInvokeProps>;
}

/** The image and its top class, as the batch's result files and the per-image envelope carry them. */
const VERDICT_FIELDS = `'s3_bucket': ${IMAGE_VARIABLES.image}.s3_bucket, 's3_key': ${IMAGE_VARIABLES.image}.s3_key, 'label': ${IMAGE_VARIABLES.top}.label, 'score': ${IMAGE_VARIABLES.top}.score`;

/** A passed image's fields: what the seed's envelope's body and a batch child's output hold beside any other field. */
const PASSED_IMAGE_FIELDS = `${VERDICT_FIELDS}, 's3_etag': ${IMAGE_VARIABLES.image}.s3_etag, 's3_version_id': ${IMAGE_VARIABLES.image}.s3_version_id, 'inferences': ${IMAGE_VARIABLES.inferences}`;

/** What a step's failure carries beside its `{Error, Cause}`: what was known when it was caught (see result-object.ts). */
const KNOWN_AT_FAILURE: Readonly<Record<ImageStepName, string | undefined>> = {
  serializeImageData: undefined,
  classifyImageData: `{'image': ${IMAGE_VARIABLES.image}}`,
  filterInferenceData: `{'image': ${IMAGE_VARIABLES.image}, 'top': ${IMAGE_VARIABLES.top}, 'inferences': ${IMAGE_VARIABLES.inferences}}`,
};

/** serialize's word that a newer upload replaced the image before it was read: the newer upload's own outcome is the one to record. */
const IMAGE_SUPERSEDED: WorkflowErrorName = 'ImageSuperseded';

/** Any failure of the step, to `next` with what was known when it was caught. */
function catchAllFrom(functionName: ImageStepName, next: string): Catcher {
  const known = KNOWN_AT_FAILURE[functionName];
  return {
    errorEquals: [ALL_ERRORS],
    ...(known === undefined ? {} : { output: jsonata(`$merge([$states.errorOutput, ${known}])`) }),
    next,
  };
}

/** The top class as a person reads it first: `bicycle (99.87%)`. */
const TOP_CLASS_TEXT = `${IMAGE_VARIABLES.top}.label & ' (' & $formatNumber(${IMAGE_VARIABLES.top}.score * 100, '0.00') & '%)'`;

export { imageStepTask, catchAllFrom, IMAGE_SUPERSEDED, IMAGE_VARIABLES, VERDICT_FIELDS, PASSED_IMAGE_FIELDS, TOP_CLASS_TEXT };
export type { ImageStepArns, ImageStepName };
