import type { JsonValue } from '../json';
import { transientRetry } from '../retry-catch';
import type { Retrier } from '../retry-catch';
import { TaskState } from '../states/task';
import { INTEGRATION_RESOURCES } from './resources';
import type { TaskProps } from '../states/task';

const LAMBDA_INVOKE_RESOURCE = INTEGRATION_RESOURCES.lambdaInvoke;

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

type LambdaInvokeProps = Omit<TaskProps, 'resource' | 'parameters' | 'arguments' | 'permissions' | 'integration'> & {
  /** The function's ARN; a CDKTF token passes through untouched. */
  readonly functionArn: string;
  /** The payload; the whole state input when unset. */
  readonly payload?: JsonValue;
  /** Pass the function's return value on as the state's result (`$.Payload`); true unless set. */
  readonly selectPayload?: boolean;
  /** The retrier for Lambda's own service errors, in place of AWS's recommended one (e.g. fewer attempts to fit a time budget); null for none. */
  readonly serviceRetry?: Retrier | null;
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
  const {
    functionArn,
    payload,
    selectPayload = true,
    retry = [],
    serviceRetry = LAMBDA_SERVICE_RETRY,
    throttlingRetry = LAMBDA_THROTTLING_RETRY,
    ...task
  } = props;
  const request = {
    JSONPath: { FunctionName: functionArn, ...(payload === undefined ? { 'Payload.$': '$' } : { Payload: payload }) },
    JSONata: { FunctionName: functionArn, Payload: payload ?? '{% $states.input %}' },
  };
  return new TaskState(name, {
    ...task,
    resource: LAMBDA_INVOKE_RESOURCE,
    integration: { request, ...(selectPayload ? { selection: PAYLOAD_SELECTION } : {}) },
    retry: [serviceRetry, throttlingRetry, ...retry].filter((retrier): retrier is Retrier => retrier !== null),
    permissions: [{ actions: ['lambda:InvokeFunction'], resources: [functionArn, `${functionArn}:*`] }],
  } as TaskProps);
}

export { lambdaInvoke, LAMBDA_SERVICE_RETRY, LAMBDA_THROTTLING_RETRY, LAMBDA_REFUSALS };
export type { LambdaInvokeProps };
