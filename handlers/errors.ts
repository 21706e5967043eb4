import { WORKFLOW_ERROR_NAMES } from '../contract/errors';
import type { WorkflowErrorName } from '../contract/errors';

/**
 * Errors the workflow's Lambda functions raise. Each class sets `name`, which is what
 * Step Functions matches in `Retry` and `Catch` (`errorType` in the Lambda error payload).
 */

interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

abstract class WorkflowError extends Error {
  abstract override readonly name: WorkflowErrorName;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

class InvalidInput extends WorkflowError {
  readonly name = 'InvalidInput';
}

class InvalidConfiguration extends WorkflowError {
  readonly name = 'InvalidConfiguration';
}

class ImageNotFound extends WorkflowError {
  readonly name = 'ImageNotFound';
  readonly location: S3Location;

  constructor(location: S3Location, options?: ErrorOptions) {
    super(`Object not found: s3://${location.bucket}/${location.key}`, options);
    this.location = location;
  }
}

class InvalidImage extends WorkflowError {
  readonly name = 'InvalidImage';
}

class ImageTooLarge extends WorkflowError {
  readonly name = 'ImageTooLarge';
}

class InvalidEndpointResponse extends WorkflowError {
  readonly name = 'InvalidEndpointResponse';
  readonly endpoint: string;

  constructor(endpoint: string, detail: string, options?: ErrorOptions) {
    super(`Endpoint ${endpoint} returned an invalid response: ${detail}`, options);
    this.endpoint = endpoint;
  }
}

class ThresholdConfidenceNotMet extends WorkflowError {
  readonly name = 'ThresholdConfidenceNotMet';
}

/** Checks `name` rather than only `instanceof`, so it also holds across separately bundled code. */
function isWorkflowError(error: unknown): error is WorkflowError {
  return (
    error instanceof Error &&
    (WORKFLOW_ERROR_NAMES as readonly string[]).includes(error.name)
  );
}

export {
  WorkflowError,
  InvalidInput,
  InvalidConfiguration,
  ImageNotFound,
  InvalidImage,
  ImageTooLarge,
  InvalidEndpointResponse,
  ThresholdConfidenceNotMet,
  isWorkflowError,
};
export type { S3Location };
