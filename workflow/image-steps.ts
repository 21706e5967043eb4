import { LAMBDA_SERVICE_RETRY } from '../asl';
import type { LambdaInvokeProps } from '../asl/integrations/lambda-invoke';
import { CORRELATION_FIELDS } from '../contract/correlation';
import { FUNCTIONS, taskTimeoutSeconds } from '../contract/functions';
import type { FunctionName } from '../contract/functions';
import { TRANSIENT_RETRY } from './retries';
import { withAttempts } from './retry-budget';
import type { RetryBudget } from './retry-budget';

/** The execution's name travels beside every payload and into every notification: one id from event to email. */
const CORRELATION_ID = { [`${CORRELATION_FIELDS.correlationId}.$`]: '$$.Execution.Name' };
/** The first function gets the execution input whole, whatever its shape, as `body`. */
const REQUEST_PAYLOAD = { 'body.$': '$', ...CORRELATION_ID };
const ENVELOPE_PAYLOAD = { 'statusCode.$': '$.statusCode', 'body.$': '$.body', ...CORRELATION_ID };

/**
 * A per-image step (serialize, classify or filter) as both workflows invoke it: its payload, its task
 * timeout, and its retries within `budget`. Only functions that call S3 or SageMaker (the catalogue
 * gives them access) can meet those services' transient errors, so only they retry them.
 */
function imageStepTask(functionArn: string, functionName: FunctionName, budget: RetryBudget, next: string) {
  const callsAws = FUNCTIONS[functionName].access.length > 0;
  return {
    functionArn,
    payload: functionName === 'serializeImageData' ? REQUEST_PAYLOAD : ENVELOPE_PAYLOAD,
    timeoutSeconds: taskTimeoutSeconds(functionName),
    serviceRetry: withAttempts(LAMBDA_SERVICE_RETRY, budget.lambdaService),
    retry: callsAws && budget.transient > 0 ? [{ ...TRANSIENT_RETRY, maxAttempts: budget.transient }] : [],
    next,
  } satisfies Partial<LambdaInvokeProps>;
}

export { CORRELATION_ID, imageStepTask };
