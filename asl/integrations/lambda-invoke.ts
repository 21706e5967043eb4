import type { JsonValue } from '../json';
import { transientRetry } from '../retry-catch';
import type { Retrier } from '../retry-catch';
import type { TaskState } from '../states/task';
import { integrationTask } from './integration-task';
import type { IntegrationTaskProps } from './integration-task';
import { INTEGRATION_RESOURCES } from './resources';

/** The Lambda service errors AWS recommends retrying on every invoke. */
/** The Lambda service errors AWS recommends retrying on every invoke, but throttling (below). */
const LAMBDA_SERVICE_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'] as const;

const LAMBDA_SERVICE_RETRY = transientRetry(LAMBDA_SERVICE_ERRORS);

/**
 * Lambda refuses a throttled invoke before the function runs (429, TooManyRequestsException): an
 * attempt that ends so costs the round trip, not the task's timeout, so it can be retried more often
 * within a time budget (see worstCaseDurationSeconds' `refusedBeforeRunning`).
 */
const LAMBDA_REFUSALS = ['Lambda.TooManyRequestsException'] as const;

/** Throttled invokes: more attempts than service errors, each wait at most 8 s (full jitter). */
const LAMBDA_THROTTLING_RETRY: Retrier = { ...transientRetry(LAMBDA_REFUSALS), maxAttempts: 6, maxDelaySeconds: 8 };

type LambdaInvokeProps = IntegrationTaskProps & {
  /** The function's ARN; a CDKTF token passes through untouched. */
  readonly functionArn: string;
  /** The payload; the whole state input when unset. */
  readonly payload?: JsonValue;
  /** Pass the function's return value on as the state's result (`$.Payload`); true unless set. */
  readonly selectPayload?: boolean;
  /** The retrier for throttled invokes, in place of LAMBDA_THROTTLING_RETRY; null for none. */
  readonly throttlingRetry?: Retrier | null;
};

/** The function's return value, as the state's result. */
const PAYLOAD_SELECTION = { JSONPath: '$.Payload', JSONata: '{% $states.result.Payload %}' } as const;

/**
 * A Task that invokes a Lambda function through the optimized integration, with AWS's recommended retry.
 * Parameters or Arguments (and OutputPath or Output) follow the state's effective query language at render time.
 */
function lambdaInvoke(name: string, props: LambdaInvokeProps): TaskState {
  const { functionArn, payload, selectPayload = true, throttlingRetry = LAMBDA_THROTTLING_RETRY, retry = [], ...task } = props;
  const request = {
    JSONPath: { FunctionName: functionArn, ...(payload === undefined ? { 'Payload.$': '$' } : { Payload: payload }) },
    JSONata: { FunctionName: functionArn, Payload: payload ?? '{% $states.input %}' },
  };
  return integrationTask(
    name,
    { ...task, retry: [...(throttlingRetry === null ? [] : [throttlingRetry]), ...retry] },
    {
      resource: INTEGRATION_RESOURCES.lambdaInvoke,
      request,
      ...(selectPayload ? { selection: PAYLOAD_SELECTION } : {}),
      serviceRetry: LAMBDA_SERVICE_RETRY,
      permissions: [{ actions: ['lambda:InvokeFunction'], resources: [functionArn, `${functionArn}:*`] }],
    },
  );
}

export { lambdaInvoke, LAMBDA_SERVICE_RETRY, LAMBDA_THROTTLING_RETRY, LAMBDA_REFUSALS };
export type { LambdaInvokeProps };
