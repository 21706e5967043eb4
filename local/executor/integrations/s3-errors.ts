import { S3ServiceException } from '@aws-sdk/client-s3';
import { StatesError } from '../errors';
import { sdkIntegrationCause } from './service-errors';

/** The S3 error codes the SDK models as their own exceptions; AWS names the others S3.S3Exception. */
const MODELED_S3_ERRORS = new Set([
  'NoSuchKey',
  'NoSuchBucket',
  'NoSuchUpload',
  'InvalidObjectState',
  'BucketAlreadyExists',
  'BucketAlreadyOwnedByYou',
]);

/** An S3 error as the aws-sdk:s3 integration reports it (`S3.NoSuchKeyException`), or undefined for an error that is not S3's. */
function s3Failure(error: unknown): StatesError | undefined {
  if (!(error instanceof S3ServiceException)) return undefined;
  const name = MODELED_S3_ERRORS.has(error.name) ? `S3.${error.name}Exception` : 'S3.S3Exception';
  return new StatesError(name, sdkIntegrationCause(error.message, 'S3', error.$metadata.httpStatusCode ?? 500));
}

export { s3Failure };
