import type { StateKind } from '../state-run';
import { StatesError } from '../errors';

/** Pass: its Output (the input by default) and Assign. */
const runPass: StateKind = (run) => run.settle();

/** Succeed: ends the run with its Output, the input by default. */
const runSucceed: StateKind = (run) => run.settle();

/** Wait: checks Seconds or Timestamp as AWS would, then goes on at once; nothing here waits. */
const runWait: StateKind = async (run) => {
  const { Seconds, Timestamp } = run.state;
  if (Seconds !== undefined) {
    const seconds = await run.evaluateTyped(Seconds, 'Seconds', 'number');
    if (!Number.isInteger(seconds) || (seconds as number) < 0)
      throw run.stateError('States.Runtime', `The Seconds field must be a non-negative integer, got: ${JSON.stringify(seconds)}`);
  }
  if (Timestamp !== undefined) {
    const timestamp = await run.evaluateTyped(Timestamp, 'Timestamp', 'string');
    if (Number.isNaN(Date.parse(timestamp as string)))
      throw run.stateError(
        'States.Runtime',
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${timestamp as string}`,
      );
  }
  return run.settle();
};

/** Fail: ends the run with its Error and Cause (either may be an expression). */
const runFail: StateKind = async (run) => {
  const { Error: error, Cause: cause } = run.state;
  const name = error === undefined ? '' : ((await run.evaluateTyped(error, 'Error', 'string')) as string);
  const text = cause === undefined ? undefined : ((await run.evaluateTyped(cause, 'Cause', 'string')) as string);
  throw new StatesError(name, text);
};

export { runFail, runPass, runSucceed, runWait };
