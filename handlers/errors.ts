import { WORKFLOW_ERROR_NAMES } from '../contract/errors';
import type { WorkflowErrorName } from '../contract/errors';
import type { ImageReference } from '../contract/step-payloads';

/**
 * Errors the workflow's Lambda functions raise. Each class sets `name`, which is what
 * Step Functions matches in `Retry` and `Catch` (`errorType` in the Lambda error payload).
 */

interface S3Location {
  readonly bucket: string;
  readonly key: string;
  /** One version of the object, when a message is about that version. */
  readonly versionId?: string;
}

const s3Url = ({ bucket, key, versionId }: S3Location) =>
  `s3://${bucket}/${key}${versionId === undefined ? '' : ` (version ${versionId})`}`;

const locationOf = (image: ImageReference): S3Location => ({ bucket: image.s3_bucket, key: image.s3_key });

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
    super(`Object not found: ${s3Url(location)}`, options);
    this.location = location;
  }
}

/** S3 answers 403 for a missing key to a role that may not list it, so this may also mean "not found". */
class ImageAccessDenied extends WorkflowError {
  readonly name = 'ImageAccessDenied';
  readonly location: S3Location;

  constructor(location: S3Location, options?: ErrorOptions) {
    super(
      `S3 denied reading ${s3Url(location)}: the object may not exist (S3 answers 403, not 404, when the role may not list the key), ` +
        `or the function's role${location.versionId === undefined ? '' : ' (reading a version needs s3:GetObjectVersion)'}, ` +
        'a bucket policy or a KMS key policy does not allow reading it',
      options,
    );
    this.location = location;
  }
}

/** The object was replaced between validation and classification; its new upload runs on its own. */
class ImageChanged extends WorkflowError {
  readonly name = 'ImageChanged';
  readonly location: S3Location;

  constructor(location: S3Location, etag: string, options?: ErrorOptions) {
    super(`Object changed since it was validated (ETag ${etag} no longer matches): ${s3Url(location)}`, options);
    this.location = location;
  }
}

/** ETags as S3 writes them in headers (`"9b2c..."`) and in events (`9b2c...`), compared without their quotes. */
const bareEtag = (etag: string) => etag.replace(/^(?:W\/)?"(.*)"$/, '$1');

/**
 * The key was overwritten after the upload an execution was started for, in a bucket without
 * versioning: its content is gone, and the newer upload's own event classifies what is there now.
 */
class ImageSuperseded extends WorkflowError {
  readonly name = 'ImageSuperseded';
  readonly location: S3Location;

  constructor(location: S3Location, uploadEtag: string, currentEtag: string) {
    super(
      `${s3Url(location)} was replaced after this upload (event ETag "${bareEtag(uploadEtag)}", now "${bareEtag(currentEtag)}"); ` +
        "the newer upload's own event classifies it",
    );
    this.location = location;
  }
}

class InvalidImage extends WorkflowError {
  readonly name = 'InvalidImage';
}

class ImageTooLarge extends WorkflowError {
  readonly name = 'ImageTooLarge';
  readonly location: S3Location;

  constructor(location: S3Location, byteLength: number, limit: number) {
    super(`Image of ${byteLength} bytes is over the endpoint's ${limit}-byte request limit: ${s3Url(location)}`);
    this.location = location;
  }
}

class InvalidEndpointResponse extends WorkflowError {
  readonly name = 'InvalidEndpointResponse';
  readonly endpoint: string;

  constructor(endpoint: string, location: S3Location, detail: string, options?: ErrorOptions) {
    super(`Endpoint ${endpoint} returned an invalid response for ${s3Url(location)}: ${detail}`, options);
    this.endpoint = endpoint;
  }
}

class ThresholdConfidenceNotMet extends WorkflowError {
  readonly name = 'ThresholdConfidenceNotMet';
}

/** Checks `name` rather than only `instanceof`, so it also holds across separately bundled code. */
function isWorkflowError(error: unknown): error is WorkflowError {
  return error instanceof Error && (WORKFLOW_ERROR_NAMES as readonly string[]).includes(error.name);
}

export {
  WorkflowError,
  InvalidInput,
  InvalidConfiguration,
  ImageNotFound,
  ImageAccessDenied,
  ImageChanged,
  ImageSuperseded,
  InvalidImage,
  ImageTooLarge,
  InvalidEndpointResponse,
  ThresholdConfidenceNotMet,
  isWorkflowError,
  bareEtag,
  s3Url,
  locationOf,
};
export type { S3Location };
