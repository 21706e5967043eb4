import { StatesError } from '../../../local/executor/errors';
import { RetryPolicy, retryDelaySeconds } from '../../../local/executor/retry';
import { IntegrationFailure, createLocalWorkflow } from '../../../local/run-workflow';
import type { EventLog, LocalExecution } from '../../../local/run-workflow';
import { validAsl } from '../valid-asl';

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:flaky';

/**
 * A task that calls FUNCTION, with the given Retry and Catch, then `Done`; `Recover` and `Other` (ending there) when its
 * catchers go there, and any other `states` they go to.
 */
const taskMachine = (task: object, states: object = {}) => {
  const targets = ['Recover', 'Other'].filter((name) => JSON.stringify(task).includes(`"${name}"`));
  return validAsl({
    QueryLanguage: 'JSONata',
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: FUNCTION, Payload: '{% $states.input %}' },
        Output: '{% $states.result.Payload %}',
        Next: 'Done',
        ...task,
      },
      Done: { Type: 'Succeed' },
      ...Object.fromEntries(targets.map((name) => [name, { Type: 'Pass', End: true }])),
      ...states,
    },
  });
};

/** A function that fails with each given error in turn, then answers 'ok'. */
function failing(...errors: Error[]) {
  const calls: unknown[] = [];
  const fn = (event: unknown) => {
    calls.push(event);
    const error = errors.shift();
    if (error !== undefined) throw error;
    return 'ok';
  };
  return { fn, calls };
}

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

const retries = (execution: LocalExecution, stateName: string) =>
  execution.events.filter(
    (event): event is Extract<EventLog, { type: 'StateRetried' }> => event.type === 'StateRetried' && event.state.name === stateName,
  );

const lastExit = (execution: LocalExecution) => execution.events.filter((event) => event.type === 'StateEntered').at(-1);

describe('retryDelaySeconds', () => {
  it('multiplies IntervalSeconds by BackoffRate per retry, caps at MaxDelaySeconds, and FULL jitter takes a share of it', () => {
    const retrier = { ErrorEquals: ['X'], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 30 };

    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(retrier, attempt))).toStrictEqual([2, 6, 18, 30]);
    expect(retryDelaySeconds({ ErrorEquals: ['X'] }, 3)).toBe(4);
    expect(retryDelaySeconds({ ...retrier, JitterStrategy: 'FULL' }, 3, () => 0.25)).toBe(4.5);
  });
});

describe('RetryPolicy', () => {
  it('lets the first matching retrier decide, counting its own retries, and stops when its MaxAttempts are spent', () => {
    const policy = new RetryPolicy([
      { ErrorEquals: ['A', 'B'], MaxAttempts: 2 },
      { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
    ]);
    const attempts = ['A', 'C', 'B', 'B'].map((name) => policy.next(new StatesError(name))?.attempt);

    expect(attempts).toStrictEqual([1, 1, 2, undefined]);
  });
});

describe('Retry and Catch', () => {
  it('retries while the retrier allows, logging each retry with its interval, and then succeeds', async () => {
    const { fn, calls } = failing(named('Busy'), named('Busy'));
    const definition = taskMachine({ Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 3, BackoffRate: 2, MaxAttempts: 3 }] });
    const timers = jest.spyOn(global, 'setTimeout');

    const execution = await createLocalWorkflow(definition).run({ input: { a: 1 }, functions: { [FUNCTION]: fn } });

    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: 'ok' });
    expect(calls).toHaveLength(3);
    expect(retries(execution, 'Work').map((event) => event.retry)).toStrictEqual([
      { retrier: expect.objectContaining({ ErrorEquals: ['Busy'] }), attempt: 1, delaySeconds: 3 },
      { retrier: expect.objectContaining({ ErrorEquals: ['Busy'] }), attempt: 2, delaySeconds: 6 },
    ]);
    expect(timers).not.toHaveBeenCalled();
  });

  it('shows the retries made in $states.context.State.RetryCount', async () => {
    const definition = taskMachine({
      Output: { payload: '{% $states.result.Payload %}', retries: '{% $states.context.State.RetryCount %}' },
      Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 3 }],
    });

    const execution = await createLocalWorkflow(definition).run({
      input: {},
      functions: { [FUNCTION]: failing(named('Busy'), named('Busy')).fn },
    });

    expect(execution.output).toStrictEqual({ payload: 'ok', retries: 2 });
  });

  it('waits the interval before each retry when asked to', async () => {
    const definition = taskMachine({ Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1, MaxAttempts: 1 }] });
    const realSetTimeout = global.setTimeout;
    // The interval is asked for, then served at once: the test checks the wait, it need not sit through it.
    const timers = jest
      .spyOn(global, 'setTimeout')
      .mockImplementation((callback: () => void, ms?: number) => realSetTimeout(callback, ms === 1000 ? 0 : ms));

    const execution = await createLocalWorkflow(definition).run({
      input: {},
      functions: { [FUNCTION]: failing(named('Busy')).fn },
      waitRetryIntervals: true,
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(timers).toHaveBeenCalledWith(expect.any(Function), 1000);
  });

  it('goes to the first matching catcher once the retries are spent, with the error output as Output by default', async () => {
    const { fn, calls } = failing(named('Busy', 'try later'), named('Busy', 'try later'), named('Busy', 'still busy'));
    const definition = taskMachine({
      Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 2 }],
      Catch: [
        { ErrorEquals: ['Other'], Next: 'Other' },
        { ErrorEquals: ['Busy', 'States.Timeout'], Next: 'Recover' },
        { ErrorEquals: ['States.ALL'], Next: 'Other' },
      ],
    });

    const execution = await createLocalWorkflow(definition).run({ input: {}, functions: { [FUNCTION]: fn } });

    expect(calls).toHaveLength(3);
    expect(retries(execution, 'Work')).toHaveLength(2);
    expect(lastExit(execution)).toMatchObject({ state: { name: 'Recover' } });
    expect(execution.output).toStrictEqual({ Error: 'Busy', Cause: expect.any(String) });
    expect(JSON.parse((execution.output as { Cause: string }).Cause)).toMatchObject({ errorType: 'Busy', errorMessage: 'still busy' });
    expect(execution.events.filter((event) => event.type === 'StateCaught')).toHaveLength(1);
  });

  it("applies the catcher's Output and Assign with $states.errorOutput, and the state input still in $states.input", async () => {
    const definition = taskMachine(
      {
        Catch: [
          {
            ErrorEquals: ['States.ALL'],
            Output: { key: '{% $states.input.key %}', error: '{% $states.errorOutput.Error %}' },
            Assign: { failure: '{% $states.errorOutput %}' },
            Next: 'Report',
          },
        ],
      },
      { Report: { Type: 'Pass', Output: { seen: '{% $states.input %}', failure: '{% $failure %}' }, End: true } },
    );

    const execution = await createLocalWorkflow(definition).run({
      input: { key: 'k1' },
      functions: { [FUNCTION]: () => Promise.reject(new IntegrationFailure('Lambda.TooManyRequestsException', 'Rate exceeded')) },
    });

    expect(execution.output).toStrictEqual({
      seen: { key: 'k1', error: 'Lambda.TooManyRequestsException' },
      failure: { Error: 'Lambda.TooManyRequestsException', Cause: 'Rate exceeded' },
    });
  });

  it('States.TaskFailed matches a function error but not States.Timeout; States.ALL matches both', async () => {
    const catchers = {
      Catch: [
        { ErrorEquals: ['States.TaskFailed'], Next: 'Recover' },
        { ErrorEquals: ['States.ALL'], Next: 'Other' },
      ],
    };
    const run = (error: Error) =>
      createLocalWorkflow(taskMachine(catchers)).run({ input: {}, functions: { [FUNCTION]: failing(error).fn } });

    expect(lastExit(await run(named('InvalidImage')))).toMatchObject({ state: { name: 'Recover' } });
    expect(lastExit(await run(new IntegrationFailure('States.Timeout')))).toMatchObject({ state: { name: 'Other' } });
  });

  it('fails with States.Timeout, no cause, when the call outlasts TimeoutSeconds', async () => {
    jest.useFakeTimers();
    const definition = taskMachine({ TimeoutSeconds: 1 });
    const slow = () => new Promise((resolve) => setTimeout(() => resolve('late'), 1500));

    const running = createLocalWorkflow(definition).run({ input: {}, functions: { [FUNCTION]: slow } });
    const execution = await jest
      .advanceTimersByTimeAsync(1500)
      .then(() => running)
      .finally(() => jest.useRealTimers());

    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout', cause: '' });
  });

  it('catches a States.QueryEvaluationError of a Task, and Retry sees it too', async () => {
    const definition = taskMachine({
      Arguments: { FunctionName: FUNCTION, Payload: '{% $states.input.missing %}' },
      Retry: [{ ErrorEquals: ['States.QueryEvaluationError'], MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'Recover' }],
    });

    const execution = await createLocalWorkflow(definition).run({ input: {}, functions: { [FUNCTION]: () => 'unused' } });

    expect(retries(execution, 'Work')).toHaveLength(1);
    expect(execution).toMatchObject({
      status: 'SUCCEEDED',
      output: {
        Error: 'States.QueryEvaluationError',
        Cause:
          "An error occurred while executing the state 'Work' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Arguments/Payload' returned nothing (undefined).",
      },
    });
  });

  it('fails the execution with a States.QueryEvaluationError in a Pass, which has no Catch', async () => {
    const definition = validAsl({
      QueryLanguage: 'JSONata',
      StartAt: 'Shape',
      States: { Shape: { Type: 'Pass', Output: '{% $states.input.a.b %}', End: true } },
    });

    const execution = await createLocalWorkflow(definition).run({ input: {}, functions: {} });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(execution.events.map((event) => event.type)).toStrictEqual([
      'ExecutionStarted',
      'StateEntered',
      'StateFailed',
      'ExecutionFailed',
    ]);
  });

  it('fails a Lambda error with its errorType as Error and its payload as Cause, as Lambda reports it', async () => {
    const execution = await createLocalWorkflow(taskMachine({})).run({
      input: {},
      functions: { [FUNCTION]: failing(named('ImageNotFound', 'Object not found: s3://b/k')).fn },
    });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'ImageNotFound' });
    expect(JSON.parse(execution.cause!)).toStrictEqual({
      errorType: 'ImageNotFound',
      errorMessage: 'Object not found: s3://b/k',
      trace: expect.arrayContaining([expect.stringContaining('ImageNotFound: Object not found: s3://b/k')]),
    });
  });
});
