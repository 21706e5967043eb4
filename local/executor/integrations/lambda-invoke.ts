import type { Json } from '../../json';
import { StatesError } from '../errors';
import type { Integration } from './integration';
import { optimizedIntegrationCause } from './service-errors';

/** Lambda's error payload for a failed invocation (the Node.js runtime's shape). */
interface LambdaErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/** What Lambda answers for an error the function threw: its payload if the host gave one, else the runtime's. */
function errorPayload(error: unknown): LambdaErrorPayload {
  const given = (error as { payload?: LambdaErrorPayload } | null)?.payload;
  if (given !== undefined) return given;
  if (!(error instanceof Error)) return { errorType: typeof error, errorMessage: String(error), trace: [] };
  return { errorType: error.name, errorMessage: error.message, trace: error.stack?.split('\n') ?? [] };
}

/** Lambda hands both ways JSON text: the function sees a copy of the payload and answers JSON (undefined -> null). */
const asJson = (value: unknown): Json => JSON.parse(JSON.stringify(value ?? null)) as Json;

/**
 * lambda:invoke: calls the stand-in named by FunctionName with Payload; the result is
 * `{ExecutedVersion, Payload, StatusCode}`. A function's error becomes the task's: Error its
 * errorType, Cause the error payload as JSON text. A stand-in rejecting with a StatesError (an
 * IntegrationFailure: Lambda.TooManyRequestsException, States.Timeout) fails the task with it as is.
 */
const lambdaInvoke: Integration = {
  label: 'lambda',
  async call(parameters, { environment }) {
    const { FunctionName, Payload } = parameters as { FunctionName?: Json; Payload?: Json };
    const run = typeof FunctionName === 'string' ? environment.functions[FunctionName] : undefined;
    if (run === undefined) {
      const name = typeof FunctionName === 'string' ? FunctionName : JSON.stringify(FunctionName ?? null);
      throw new StatesError(
        'Lambda.ResourceNotFoundException',
        optimizedIntegrationCause(`Function not found: ${name}`, 'AWSLambda', 404, 'ResourceNotFoundException'),
      );
    }
    try {
      return { ExecutedVersion: '$LATEST', Payload: asJson(await run(asJson(Payload ?? {}))), StatusCode: 200 };
    } catch (error) {
      if (error instanceof StatesError) throw error;
      const payload = errorPayload(error);
      throw new StatesError(payload.errorType, JSON.stringify(payload));
    }
  },
};

export { lambdaInvoke };
