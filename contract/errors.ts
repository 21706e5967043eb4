/**
 * The errors the functions raise by name: each is what Step Functions matches in `Retry` and
 * `Catch` (`errorType` in Lambda's error payload). None of them is worth retrying. ImageSuperseded
 * is not a failure: the upload was overwritten in an unversioned bucket, and the newer upload's own
 * event classifies the key's content.
 */
const WORKFLOW_ERROR_NAMES = [
  'InvalidInput',
  'InvalidConfiguration',
  'ImageNotFound',
  'ImageAccessDenied',
  'ImageChanged',
  'ImageSuperseded',
  'InvalidImage',
  'ImageTooLarge',
  'InvalidEndpointResponse',
  'ThresholdConfidenceNotMet',
] as const;

type WorkflowErrorName = (typeof WORKFLOW_ERROR_NAMES)[number];

/** Errors from S3 and SageMaker that the functions let through unchanged, since a later try can fix them. */
const TRANSIENT_AWS_ERROR_NAMES = [
  'ThrottlingException',
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'InternalFailure',
  'InternalDependencyException',
  'ModelNotReadyException',
  'RequestTimeout',
  'TimeoutError',
] as const;

export { WORKFLOW_ERROR_NAMES, TRANSIENT_AWS_ERROR_NAMES };
export type { WorkflowErrorName };
