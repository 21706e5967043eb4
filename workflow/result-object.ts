import { ALL_ERRORS, S3_SDK_TRANSIENT_RETRY, s3PutObject } from '../asl';
import type { State } from '../asl';
import type { WorkflowErrorName } from '../contract/errors';
import { RESULTS_FOLDERS } from '../contract/results-layout';
import { FAILURE_MESSAGE, located } from './failure-report';
import type { ReportedRequest } from './failure-report';
import { EXECUTION, jsonata } from './jsonata';
import { withAttempts } from './retry-budget';

/** What a result object says became of its image. */
const VERDICTS = { passed: 'passed', belowThreshold: 'below_threshold', failed: 'failed' } as const;
/** The error of an image that was classified but not confidently enough. */
const BELOW_THRESHOLD: WorkflowErrorName = 'ThresholdConfidenceNotMet';

/** Whether the state's input is a caught `{Error, Cause}` rather than a passed image's result. */
const CAUGHT_ERROR = '$exists($states.input.Error)';

/** One object per image, `<results_prefix>images/<image key>.json`; a request that named no image's under `requests/`, by execution name. */
const { images: IMAGES_FOLDER, requests: REQUESTS_FOLDER } = RESULTS_FOLDERS;

/** Variables both workflows assign from deploy-time text before an image's result is written. */
const RESULT_VARIABLES = { resultsPrefix: 'imageResultsPrefix', endpoint: 'endpoint' } as const;

/** S3's longest key, in bytes: an image whose result key would be longer has its result under the execution's name. */
const MAX_KEY_LENGTH = 1024;
/** The longest failure message a result keeps, so that the object's request stays far below the 256 KB payload quota. */
const MAX_MESSAGE_LENGTH = 4096;

/** Seconds a result write may take before States.Timeout. */
const RESULT_WRITE_TIMEOUT_SECONDS = 5;

/** What both workflows need to record and report each image's outcome. */
interface OutcomeSettings {
  /** Where each image's result object goes: the image bucket, under the results prefix. */
  readonly results: { readonly bucketName: string; readonly bucketArn: string; readonly resultsPrefix: string };
  /** The endpoint's name, as the result objects record it. */
  readonly endpointName: string;
  /** Which outcomes a person is emailed (contract/notifications.ts); a Terraform variable's value in a deployment. */
  readonly notifyOn: string;
}

/** The results prefix is the deployed one, for the IAM statement: the definition reads it from a variable. */
interface ResultObjectProps extends Readonly<OutcomeSettings['results']> {
  /** Where a passed image's fields are in the state's input (the image, `label`, `score`, `inferences`). */
  readonly passedFields: string;
  /** What a failure's result names of the request the image was never validated from (see failure-report.ts). */
  readonly request: ReportedRequest;
  /** How many times S3's transient errors are retried (see retry-budget.ts). */
  readonly retryAttempts: number;
}

/**
 * The start of both the key's and the body's expression: `$failed` (the state's input is a caught
 * `{Error, Cause}` with what was known when it was caught: `image`, `top`, `inferences`) and `$image`,
 * the validated image of a passed result or else what the request named (see failure-report.ts).
 */
function imageOfResult({ passedFields, request }: ResultObjectProps): string {
  return `${located(request)}; $failed := ${CAUGHT_ERROR}; $image := $failed ? $from : ${passedFields}`;
}

/**
 * The object: the verdict, the top class, the scores, the image, the endpoint, the execution and
 * the time, and for a failure its error and message. Fields nobody knows are left out.
 */
function resultBody(props: ResultObjectProps): string {
  const { passedFields } = props;
  return `(
    ${imageOfResult(props)};
    $result := $failed ? {'label': $states.input.top.label, 'score': $states.input.top.score, 'scores': $states.input.inferences}
      : {'label': ${passedFields}.label, 'score': ${passedFields}.score, 'scores': ${passedFields}.inferences};
    {
      'verdict': $failed ? ($states.input.Error = '${BELOW_THRESHOLD}' ? '${VERDICTS.belowThreshold}' : '${VERDICTS.failed}') : '${VERDICTS.passed}',
      'label': $result.label,
      'score': $result.score,
      's3_bucket': $substring($image.s3_bucket, 0, ${MAX_KEY_LENGTH}),
      's3_key': $substring($image.s3_key, 0, ${MAX_KEY_LENGTH}),
      's3_etag': $image.s3_etag,
      's3_version_id': $image.s3_version_id,
      'endpoint': $${RESULT_VARIABLES.endpoint},
      'execution': ${EXECUTION}.Id,
      'time': $now(),
      'error': $states.input.Error,
      'message': $failed ? $substring(${FAILURE_MESSAGE}, 0, ${MAX_MESSAGE_LENGTH}),
      'scores': $result.scores
    }
  )`;
}

/** The UTF-8 bytes of a string, as S3 counts a key's length: each byte that `$encodeUrlComponent` percent-encodes counted once. */
const UTF8_BYTES = `function($text) { $length($replace($encodeUrlComponent($text), /%[0-9A-F]{2}/, '_')) }`;

/**
 * The object's key: the image's key under the images folder, or the execution's name when no image was
 * named or the image's result key would be longer than S3 allows (the prefix and folder add to the image's key).
 */
function resultKey(props: ResultObjectProps): string {
  return `(
    ${imageOfResult(props)};
    $bytes := ${UTF8_BYTES};
    $key := $image.s3_key;
    $imageResult := $type($key) = 'string' and $key != '' ? $${RESULT_VARIABLES.resultsPrefix} & '${IMAGES_FOLDER}' & $key & '.json';
    $exists($imageResult) and $bytes($imageResult) <= ${MAX_KEY_LENGTH} ? $imageResult
      : $${RESULT_VARIABLES.resultsPrefix} & '${REQUESTS_FOLDER}' & ${EXECUTION}.Name & '.json'
  )`;
}

const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

/**
 * A Task that writes the image's result object, then `next` with its input unchanged, whether or not
 * the write succeeded: a result that cannot be written (S3 down, a key over 1,024 bytes) is in the
 * execution's history and never stops or repeats the notification.
 */
function writeResultState(name: string, props: ResultObjectProps, next: string): State {
  return s3PutObject(name, {
    bucket: props.bucketName,
    bucketArn: props.bucketArn,
    key: jsonata(resultKey(props)),
    body: jsonata(resultBody(props)),
    contentType: 'application/json',
    // Only the two folders the key expression writes to: the class_labels object Terraform writes under the prefix is not the workflow's to replace.
    objectArn: [IMAGES_FOLDER, REQUESTS_FOLDER].map((folder) => `${props.bucketArn}/${props.resultsPrefix}${folder}*`),
    timeoutSeconds: RESULT_WRITE_TIMEOUT_SECONDS,
    serviceRetry: withAttempts(S3_SDK_TRANSIENT_RETRY, props.retryAttempts),
    output: jsonata('$states.input'),
    // States.ALL does not match States.DataLimitExceeded: a result too large to write is named to be passed over too.
    catch: [DATA_LIMIT_EXCEEDED, ALL_ERRORS].map((error) => ({ errorEquals: [error], output: jsonata('$states.input'), next })),
    next,
  });
}

export { writeResultState, CAUGHT_ERROR, RESULT_VARIABLES };
export type { ResultObjectProps, OutcomeSettings };
