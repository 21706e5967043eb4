import type { Json } from '../json';
import { STATE_PAYLOAD_LIMIT_BYTES, jsonBytes } from '../payload-size';
import type { StateList } from './definition';
import { STATES_ERRORS, StatesError } from './errors';
import { EventRecorder } from './events';
import type { ExecutionEvent } from './events';
import { stateMachineArn } from './identity';
import type { MachineIdentity } from './identity';
import type { ExecutionEnvironment, LocalExecution, MapRunReport, PublishedMessage } from './run-types';
import type { ExecutionRuntime } from './state-run';
import { VariableScope } from './variables';
import { runStates } from './walker';

interface ExecutionRequest {
  /** The state machine's states, or a Distributed Map's ItemProcessor for a child. */
  readonly states: StateList;
  readonly input: Json;
  readonly machine: MachineIdentity;
  readonly executionName: string;
  readonly executionArn: string;
  readonly startTime: Date;
  readonly onEvent?: (event: ExecutionEvent) => void;
  readonly onPublished?: (message: PublishedMessage) => void;
}

/** Runs one execution to its end: its states from StartAt with a fresh variable scope, and its context object. */
async function runExecution(request: ExecutionRequest, environment: ExecutionEnvironment): Promise<LocalExecution> {
  const recorder = new EventRecorder(request.onEvent);
  const published: PublishedMessage[] = [];
  const mapRuns: MapRunReport[] = [];
  const runtime: ExecutionRuntime = {
    environment,
    machine: request.machine,
    recorder,
    mapRuns,
    context: {
      Execution: {
        Id: request.executionArn,
        Input: request.input,
        Name: request.executionName,
        StartTime: request.startTime.toISOString(),
        RedriveCount: 0,
      },
      StateMachine: { Id: stateMachineArn(request.machine), Name: request.machine.name },
    },
    publish(message) {
      published.push(message);
      request.onPublished?.(message);
    },
  };
  const ended = { published, events: recorder.events, mapRuns };
  recorder.add({ type: 'ExecutionStarted', input: request.input });
  try {
    const inputBytes = jsonBytes(request.input);
    if (inputBytes > STATE_PAYLOAD_LIMIT_BYTES)
      throw new StatesError(
        STATES_ERRORS.dataLimitExceeded,
        `The execution input has ${inputBytes} bytes, over the ${STATE_PAYLOAD_LIMIT_BYTES}-byte quota`,
      );
    const output = await runStates(request.states, request.input, { execution: runtime, variables: VariableScope.empty() });
    recorder.add({ type: 'ExecutionSucceeded', output });
    return { status: 'SUCCEEDED', output, ...ended };
  } catch (error) {
    if (!(error instanceof StatesError)) throw error;
    const failure = { Error: error.name, ...(error.cause === undefined ? {} : { Cause: error.cause }) };
    recorder.add({ type: 'ExecutionFailed', ...failure });
    return {
      status: 'FAILED',
      ...(error.name === '' ? {} : { error: error.name }),
      ...(error.cause === undefined ? {} : { cause: error.cause }),
      ...ended,
    };
  }
}

/** The environment of one run: the options every execution of it shares, and children started as executions of their own. */
function createEnvironment(options: Omit<ExecutionEnvironment, 'startChild'>): ExecutionEnvironment {
  const environment: ExecutionEnvironment = {
    ...options,
    startChild: (child) => runExecution({ ...child, startTime: new Date() }, environment),
  };
  return environment;
}

export { createEnvironment, runExecution };
export type { ExecutionRequest };
