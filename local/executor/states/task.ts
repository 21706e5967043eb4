import type { Json } from '../../json';
import { STATE_PAYLOAD_LIMIT_BYTES, jsonBytes } from '../../payload-size';
import { STATES_ERRORS, StatesError, errorOutput } from '../errors';
import { integrationFor } from '../integrations';
import type { StateKind } from '../state-run';

/** The call, failing with States.Timeout (no cause, as AWS reports it) if it has not answered within the task's TimeoutSeconds. */
async function withinTimeout<T>(call: Promise<T>, timeoutSeconds: number | undefined): Promise<T> {
  if (timeoutSeconds === undefined) return call;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StatesError(STATES_ERRORS.timeout, '')), timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Task: evaluates Arguments (the input when there are none), calls the integration, then Output
 * and Assign with `$states.result`. A result over the payload quota fails the task with
 * States.DataLimitExceeded, which only a catcher naming it catches.
 */
const runTask: StateKind = async (run) => {
  const { state, frame, stateData } = run;
  const { recorder, environment } = frame.execution;
  const resource = state.Resource!;
  const integration = integrationFor(resource)!;
  const parameters = state.Arguments === undefined ? run.input : await run.evaluate(state.Arguments, 'Arguments');
  const timeoutSeconds =
    state.TimeoutSeconds === undefined ? undefined : await run.evaluateTyped(state.TimeoutSeconds, 'TimeoutSeconds', 'number');
  recorder.add({ type: 'TaskScheduled', state: stateData, resource, parameters });
  let result: Json;
  try {
    result = await withinTimeout(
      integration.call(parameters, { environment, publish: (message) => frame.execution.publish(message) }),
      timeoutSeconds as number | undefined,
    );
    if (jsonBytes(result) > STATE_PAYLOAD_LIMIT_BYTES) {
      throw new StatesError(
        STATES_ERRORS.dataLimitExceeded,
        `The state/task '${integration.label}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      );
    }
  } catch (error) {
    if (error instanceof StatesError) recorder.add({ type: 'TaskFailed', state: stateData, resource, ...errorOutput(error) });
    throw error;
  }
  recorder.add({ type: 'TaskSucceeded', state: stateData, resource, output: result });
  return run.settle({ result });
};

export { runTask };
