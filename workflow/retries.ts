import type { Retrier } from '../asl';
import { TRANSIENT_AWS_ERROR_NAMES } from '../contract/errors';

/** S3 and SageMaker errors the functions let through by name: a later try can fix them. */
const TRANSIENT_RETRY: Retrier = {
  errorEquals: TRANSIENT_AWS_ERROR_NAMES,
  intervalSeconds: 2,
  maxAttempts: 3,
  backoffRate: 2,
  maxDelaySeconds: 20,
  jitterStrategy: 'FULL',
};

export { TRANSIENT_RETRY };
