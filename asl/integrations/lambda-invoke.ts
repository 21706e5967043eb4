import type { JsonValue } from '../json';
import { transientRetry } from '../retry-catch';
import type { TaskState } from '../states/task';
import { integrationTask } from './integration-task';
import type { IntegrationTaskProps } from './integration-task';
import { INTEGRATION_RESOURCES } from './resources';

/** The Lambda service errors AWS recommends retrying on every invoke. */
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

const LAMBDA_SERVICE_RETRY = transientRetry(LAMBDA_SERVICE_ERRORS);

type LambdaInvokeProps = IntegrationTaskProps & {
  /** The function's ARN; a CDKTF token passes through untouched. */
  readonly functionArn: string;
  /** The payload; the whole state input when unset. */
  readonly payload?: JsonValue;
  /** Pass the function's return value on as the state's result (`$.Payload`); true unless set. */
  readonly selectPayload?: boolean;
};

/** The function's return value, as the state's result. */
const PAYLOAD_SELECTION = { JSONPath: '$.Payload', JSONata: '{% $states.result.Payload %}' } as const;

/**
 * A Task that invokes a Lambda function through the optimized integration, with AWS's recommended retry.
 * Parameters or Arguments (and OutputPath or Output) follow the state's effective query language at render time.
 */
function lambdaInvoke(name: string, props: LambdaInvokeProps): TaskState {
  const { functionArn, payload, selectPayload = true, ...task } = props;
  const request = {
    JSONPath: { FunctionName: functionArn, ...(payload === undefined ? { 'Payload.$': '$' } : { Payload: payload }) },
    JSONata: { FunctionName: functionArn, Payload: payload ?? '{% $states.input %}' },
  };
  return integrationTask(name, task, {
    resource: INTEGRATION_RESOURCES.lambdaInvoke,
    request,
    ...(selectPayload ? { selection: PAYLOAD_SELECTION } : {}),
    serviceRetry: LAMBDA_SERVICE_RETRY,
    permissions: [{ actions: ['lambda:InvokeFunction'], resources: [functionArn, `${functionArn}:*`] }],
  });
}

export { lambdaInvoke, LAMBDA_SERVICE_RETRY };
export type { LambdaInvokeProps };
