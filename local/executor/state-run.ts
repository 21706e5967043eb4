import type { Json } from '../json';
import type { StateDefinition, StateList, Template } from './definition';
import type { StatesError } from './errors';
import type { EventRecorder, StateData } from './events';
import type { JsonType } from './expressions';
import type { MachineIdentity } from './identity';
import type { ExecutionEnvironment, MapRunReport, PublishedMessage } from './run-types';
import type { VariableScope } from './variables';

/** One execution while it runs: a top-level one or a Distributed Map child. */
interface ExecutionRuntime {
  readonly environment: ExecutionEnvironment;
  readonly machine: MachineIdentity;
  readonly recorder: EventRecorder;
  /** `$states.context.Execution` and `.StateMachine`. */
  readonly context: { readonly Execution: Json; readonly StateMachine: Json };
  readonly mapRuns: MapRunReport[];
  publish(message: PublishedMessage): void;
}

/** A run of states: the execution's top-level states, a Map iteration or a Parallel branch. */
interface Frame {
  readonly execution: ExecutionRuntime;
  readonly variables: VariableScope;
  /** The Map iteration these states run in. */
  readonly iteration?: number;
}

/** How a state ended: its output, the state to go to (none: the run ends) and the variables it assigns. */
interface StateOutcome {
  readonly output: Json;
  readonly next: string | undefined;
  readonly assign: Readonly<Record<string, Json>>;
}

/** What a state's expressions see besides `$states.input` and `.context`. */
interface EvaluationExtras {
  readonly result?: Json;
  readonly errorOutput?: Json;
  /** `$states.context.Map.Item`, for a Map's ItemSelector. */
  readonly mapItem?: { readonly Index: number; readonly Value: Json };
}

/** The Output and Assign to apply and where to go: the state's own, a Choice rule's or a catcher's. */
interface Settlement extends Omit<EvaluationExtras, 'mapItem'> {
  readonly fields?: { readonly Output?: Template; readonly Assign?: Readonly<Record<string, Template>> };
  /** Prefix of the fields' names in error messages: `Choices[0]/`, `Catch[1]/`. */
  readonly prefix?: string;
  readonly next?: string;
}

/** One attempt at a state, as its kind's runner sees it. */
interface StateRun {
  readonly name: string;
  readonly state: StateDefinition;
  readonly input: Json;
  readonly frame: Frame;
  readonly stateData: StateData;
  /** The id of the state's StateEntered event, which AWS's error messages cite. */
  readonly enteredEventId: number;
  evaluate(template: Template, field: string, extras?: EvaluationExtras): Promise<Json>;
  evaluateTyped(template: Template, field: string, expected: JsonType, extras?: EvaluationExtras): Promise<Json>;
  /** An error of this state, its cause worded as AWS words a state's runtime errors. */
  stateError(error: string, detail: string): StatesError;
  /** Runs nested states (a Map iteration, a Parallel branch) in a scope of their own within this one. */
  runNested(states: StateList, input: Json, iteration?: number): Promise<Json>;
  /**
   * Output and Assign, both evaluated against the variables as the state found them. Output
   * defaults to the error output, else the result, else the state's input; `next` to the state's Next.
   */
  settle(settlement?: Settlement): Promise<StateOutcome>;
}

type StateKind = (run: StateRun) => Promise<StateOutcome>;

export type { EvaluationExtras, ExecutionRuntime, Frame, Settlement, StateKind, StateOutcome, StateRun };
