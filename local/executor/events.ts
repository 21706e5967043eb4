import type { Json } from '../json';
import type { Catcher, Retrier } from './definition';

/** A state as its events show it: its input, and on StateExited its output. */
interface StateData {
  readonly name: string;
  readonly type: string;
  readonly input: Json;
  readonly output?: Json;
}

interface Failure {
  readonly Error: string;
  readonly Cause?: string;
}

/**
 * One entry of an execution's log: the execution's own start and end, each state's entry and exit,
 * its task calls, retries and catches, a Map's iterations and Map Runs. `index` is the Map iteration
 * a state ran in.
 */
type ExecutionEvent = { readonly id: number; readonly timestamp: number } & (
  | { readonly type: 'ExecutionStarted'; readonly input: Json }
  | { readonly type: 'ExecutionSucceeded'; readonly output: Json }
  | ({ readonly type: 'ExecutionFailed' } & Failure)
  | { readonly type: 'StateEntered' | 'StateExited'; readonly state: StateData; readonly index?: number }
  | ({ readonly type: 'StateFailed'; readonly state: StateData; readonly index?: number } & Failure)
  | {
      readonly type: 'StateRetried';
      readonly state: StateData;
      readonly index?: number;
      /** `attempt` counts this retrier's retries from 1; `delaySeconds` is the interval AWS would wait. */
      readonly retry: { readonly retrier: Retrier; readonly attempt: number; readonly delaySeconds: number };
    }
  | { readonly type: 'StateCaught'; readonly state: StateData; readonly index?: number; readonly catch: { readonly catcher: Catcher } }
  | { readonly type: 'TaskScheduled'; readonly state: StateData; readonly resource: string; readonly parameters: Json }
  | { readonly type: 'TaskSucceeded'; readonly state: StateData; readonly resource: string; readonly output: Json }
  | ({ readonly type: 'TaskFailed'; readonly state: StateData; readonly resource: string } & Failure)
  | { readonly type: 'MapIterationStarted' | 'MapIterationSucceeded'; readonly parentState: StateData; readonly index: number }
  | ({ readonly type: 'MapIterationFailed'; readonly parentState: StateData; readonly index: number } & Failure)
  | { readonly type: 'MapRunStarted' | 'MapRunSucceeded'; readonly state: StateData; readonly mapRunArn: string }
  | ({ readonly type: 'MapRunFailed'; readonly state: StateData; readonly mapRunArn: string } & Failure)
);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type NewEvent = DistributiveOmit<ExecutionEvent, 'id' | 'timestamp'>;

/** An execution's events in order, numbered from 1 as in an execution history; each one is also handed to `onEvent`. */
class EventRecorder {
  readonly events: ExecutionEvent[] = [];

  constructor(private readonly onEvent: (event: ExecutionEvent) => void = () => {}) {}

  add(event: NewEvent): ExecutionEvent {
    const added = { ...event, id: this.events.length + 1, timestamp: Date.now() } as ExecutionEvent;
    this.events.push(added);
    this.onEvent(added);
    return added;
  }
}

export { EventRecorder };
export type { ExecutionEvent, StateData };
