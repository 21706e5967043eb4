import type { JsonObject, JsonValue } from '../json';
import type { Retrier } from '../retry-catch';
import { TaskState } from '../states/task';
import { INTEGRATION_RESOURCES } from './resources';
import type { TaskProps } from '../states/task';

const LAMBDA_INVOKE_RESOURCE = INTEGRATION_RESOURCES.lambdaInvoke;

/** The Lambda service errors AWS recommends retrying on every invoke. */
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

const LAMBDA_SERVICE_RETRY: Retrier = {
  errorEquals: LAMBDA_SERVICE_ERRORS,
  intervalSeconds: 1,
  maxAttempts: 3,
  backoffRate: 2,
  jitterStrategy: 'FULL',
};

type LambdaInvokeProps = Omit<TaskProps, 'resource' | 'parameters' | 'arguments' | 'permissions'> & {
  /** The function's ARN; a CDKTF token passes through untouched. */
  readonly functionArn: string;
  /** The payload; the whole state input when unset. */
  readonly payload?: JsonValue;
  /** Pass the function's return value on as the state's result (`$.Payload`); true unless set. */
  readonly selectPayload?: boolean;
  /** The retrier for Lambda's own service errors, in place of AWS's recommended one (e.g. fewer attempts to fit a time budget); null for none. */
  readonly serviceRetry?: Retrier | null;
};

/** A Task that invokes a Lambda function through the optimized integration, with AWS's recommended retry. */
function lambdaInvoke(name: string, props: LambdaInvokeProps): TaskState {
  const { functionArn, payload, selectPayload = true, retry = [], serviceRetry = LAMBDA_SERVICE_RETRY, ...task } = props;
  const jsonata = props.queryLanguage === 'JSONata';
  const invocation: JsonObject = jsonata
    ? { FunctionName: functionArn, Payload: payload ?? '{% $states.input %}' }
    : { FunctionName: functionArn, ...(payload === undefined ? { 'Payload.$': '$' } : { Payload: payload }) };
  const selection = jsonata ? { output: task.output ?? '{% $states.result.Payload %}' } : { outputPath: task.outputPath ?? '$.Payload' };
  return new TaskState(name, {
    ...task,
    ...(selectPayload ? selection : {}),
    resource: LAMBDA_INVOKE_RESOURCE,
    ...(jsonata ? { arguments: invocation } : { parameters: invocation }),
    retry: [...(serviceRetry === null ? [] : [serviceRetry]), ...retry],
    permissions: [{ actions: ['lambda:InvokeFunction'], resources: [functionArn, `${functionArn}:*`] }],
  } as TaskProps);
}

export { lambdaInvoke, LAMBDA_INVOKE_RESOURCE, LAMBDA_SERVICE_ERRORS, LAMBDA_SERVICE_RETRY };
export type { LambdaInvokeProps };
