import type { Json } from '../json';
import { STATE_PAYLOAD_LIMIT_BYTES, jsonBytes } from '../payload-size';
import type { StateDefinition, StateList } from './definition';
import { STATES_ERRORS, StatesError, errorMatches, errorOutput } from './errors';
import type { ExecutionEvent, StateData } from './events';
import { evaluateTemplate, evaluateTyped } from './expressions';
import type { ExpressionScope } from './expressions';
import { RetryPolicy } from './retry';
import type { EvaluationExtras, Frame, StateKind, StateOutcome, StateRun } from './state-run';
import { runChoice } from './states/choice';
import { runFail, runPass, runSucceed, runWait } from './states/flow';
import { runMap } from './states/map';
import { runParallel } from './states/parallel';
import { runTask } from './states/task';

const KINDS: Readonly<Record<StateDefinition['Type'], StateKind>> = {
  Task: runTask,
  Pass: runPass,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Map: runMap,
  Parallel: runParallel,
};

/** Step Functions fails the execution, past any Catch, when a state's input or output exceeds the quota. */
function checkPayloadQuota(stateName: string, payload: Json): void {
  const bytes = jsonBytes(payload);
  if (bytes > STATE_PAYLOAD_LIMIT_BYTES) {
    throw new StatesError(
      STATES_ERRORS.dataLimitExceeded,
      `State '${stateName}' has a ${bytes}-byte payload, over the ${STATE_PAYLOAD_LIMIT_BYTES}-byte quota`,
      { terminal: true },
    );
  }
}

/** How one attempt at a state sees itself; `retryCount` is `$states.context.State.RetryCount`, shown once the state has been retried. */
interface Attempt {
  readonly name: string;
  readonly state: StateDefinition;
  readonly input: Json;
  readonly frame: Frame;
  readonly stateData: StateData;
  readonly entered: ExecutionEvent;
  readonly retryCount: number;
}

function stateRun({ name, state, input, frame, stateData, entered, retryCount }: Attempt): StateRun {
  const enteredEventId = entered.id;
  const enteredTime = new Date(entered.timestamp).toISOString();
  const scope = (extras: EvaluationExtras = {}): ExpressionScope => {
    const context = {
      ...frame.execution.context,
      State: { Name: name, EnteredTime: enteredTime, ...(retryCount === 0 ? {} : { RetryCount: retryCount }) },
      ...(extras.mapItem === undefined ? {} : { Map: { Item: extras.mapItem } }),
    };
    return {
      stateName: name,
      enteredEventId,
      variables: frame.variables.values(),
      states: {
        input,
        context,
        ...('result' in extras ? { result: extras.result } : {}),
        ...('errorOutput' in extras ? { errorOutput: extras.errorOutput } : {}),
      },
    };
  };
  return {
    name,
    state,
    input,
    frame,
    stateData,
    enteredEventId,
    evaluate: (template, field, extras) => evaluateTemplate(template, scope(extras), field),
    evaluateTyped: (template, field, expected, extras) => evaluateTyped(template, scope(extras), field, expected),
    stateError: (error, detail) =>
      new StatesError(
        error,
        `An error occurred while executing the state '${name}' (entered at the event id #${enteredEventId}). ${detail}`,
      ),
    runNested: (states, nestedInput, iteration) =>
      runStates(states, nestedInput, { execution: frame.execution, variables: frame.variables.inner(), iteration }),
    async settle({ fields = state, prefix = '', next = state.Next, ...extras } = {}) {
      const evaluationScope = scope(extras);
      const assign = fields.Assign === undefined ? {} : await evaluateTemplate(fields.Assign, evaluationScope, `${prefix}Assign`);
      const fallback = 'errorOutput' in extras ? extras.errorOutput : 'result' in extras ? extras.result : input;
      const output = fields.Output === undefined ? fallback! : await evaluateTemplate(fields.Output, evaluationScope, `${prefix}Output`);
      return { output, next, assign: assign as Record<string, Json> };
    },
  };
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** One state from entry to exit: its kind's work, then Retry and Catch on an error, as the developer guide orders them. */
async function runState(name: string, state: StateDefinition, input: Json, frame: Frame): Promise<StateOutcome> {
  const { recorder, environment } = frame.execution;
  const at = frame.iteration === undefined ? {} : { index: frame.iteration };
  const stateData: StateData = { name, type: state.Type, input };
  const entered = recorder.add({ type: 'StateEntered', state: stateData, ...at });
  const retries = new RetryPolicy(state.Retry);
  let retryCount = 0;
  const leave = (outcome: StateOutcome) => {
    checkPayloadQuota(name, outcome.output);
    frame.variables.assign(outcome.assign);
    recorder.add({ type: 'StateExited', state: { ...stateData, output: outcome.output }, ...at });
    return outcome;
  };
  const fail = (error: StatesError) => {
    recorder.add({ type: 'StateFailed', state: stateData, ...at, ...errorOutput(error) });
    return error;
  };
  for (;;) {
    const run = stateRun({ name, state, input, frame, stateData, entered, retryCount });
    try {
      checkPayloadQuota(name, input);
      return leave(await KINDS[state.Type](run));
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      const retry = retries.next(error);
      if (retry !== undefined) {
        recorder.add({ type: 'StateRetried', state: stateData, ...at, retry });
        retryCount++;
        if (environment.waitRetryIntervals) await sleep(retry.delaySeconds);
        continue;
      }
      const catcherIndex = state.Catch?.findIndex((catcher) => errorMatches(catcher.ErrorEquals, error)) ?? -1;
      const catcher = state.Catch?.[catcherIndex];
      if (catcher === undefined) throw fail(error);
      recorder.add({ type: 'StateCaught', state: stateData, ...at, catch: { catcher } });
      try {
        return leave(
          await run.settle({ fields: catcher, prefix: `Catch[${catcherIndex}]/`, next: catcher.Next, errorOutput: errorOutput(error) }),
        );
      } catch (caughtError) {
        throw caughtError instanceof StatesError ? fail(caughtError) : caughtError;
      }
    }
  }
}

/** Runs states from StartAt until one ends the run; its output is the run's. A state's unhandled error ends the run. */
async function runStates(states: StateList, input: Json, frame: Frame): Promise<Json> {
  let name = states.StartAt;
  let payload = input;
  for (;;) {
    const state = states.States[name];
    if (state === undefined) throw new Error(`No state named '${name}'`);
    const { output, next } = await runState(name, state, payload, frame);
    if (next === undefined) return output;
    [name, payload] = [next, output];
  }
}

export { runStates };
