import { depthFirst } from './graph-walk';
import type { JsonObject } from './json';

interface RenderedRetrier {
  readonly ErrorEquals?: readonly string[];
  readonly MaxAttempts?: unknown;
  readonly IntervalSeconds?: unknown;
  readonly BackoffRate?: unknown;
  readonly MaxDelaySeconds?: unknown;
}

interface RenderedState {
  readonly Type: string;
  readonly Next?: string;
  readonly Default?: string;
  readonly Choices?: readonly { readonly Next: string }[];
  readonly Catch?: readonly { readonly Next: string }[];
  readonly Retry?: readonly RenderedRetrier[];
  readonly TimeoutSeconds?: unknown;
  readonly Seconds?: unknown;
}

/**
 * Errors a service raises before the task runs (e.g. Lambda's throttling): an attempt that ends with
 * one lasts `attemptSeconds` (the round trip, with room), not the task's timeout.
 */
interface WorstCaseOptions {
  readonly refusedBeforeRunning?: { readonly errors: readonly string[]; readonly attemptSeconds: number };
}

/** AWS's defaults when a retrier leaves them out. */
const RETRIER_DEFAULTS = { MaxAttempts: 3, IntervalSeconds: 1, BackoffRate: 2 } as const;

/**
 * `value` when it is a number known now and at least `min`; a deploy-time number (a token's stand-in is a huge
 * negative one) or a JSONata expression leaves the duration without a bound.
 */
function known(where: string, field: string, value: unknown, min: number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value;
  throw new Error(`${where} has ${field} ${JSON.stringify(value)}, known only at deploy or run time: its duration has no bound`);
}

/** The longest a retrier waits in all: each delay at its maximum, as full jitter allows. */
function retrierWaitSeconds(where: string, retrier: RenderedRetrier): number {
  const { MaxAttempts, IntervalSeconds, BackoffRate } = { ...RETRIER_DEFAULTS, ...retrier };
  const attempts = known(where, 'MaxAttempts', MaxAttempts, 0);
  const interval = known(where, 'IntervalSeconds', IntervalSeconds, 1);
  const backoff = known(where, 'BackoffRate', BackoffRate, 1);
  const maxDelay = retrier.MaxDelaySeconds === undefined ? Infinity : known(where, 'MaxDelaySeconds', retrier.MaxDelaySeconds, 1);
  let total = 0;
  for (let attempt = 0; attempt < attempts; attempt++) total += Math.min(interval * backoff ** attempt, maxDelay);
  return total;
}

/**
 * The longest one state can take: for a Task every attempt its retriers allow (their budgets add up,
 * since different errors can use each one) running to its timeout, plus every wait between them.
 */
function stateWorstCaseSeconds(name: string, state: RenderedState, options: WorstCaseOptions): number {
  switch (state.Type) {
    case 'Task': {
      if (state.TimeoutSeconds === undefined) throw new Error(`Task '${name}' has no TimeoutSeconds: its duration has no bound`);
      const timeout = known(`Task '${name}'`, 'TimeoutSeconds', state.TimeoutSeconds, 1);
      const refused = options.refusedBeforeRunning;
      const attemptSeconds = (retrier: RenderedRetrier) =>
        refused !== undefined &&
        (retrier.ErrorEquals ?? []).length > 0 &&
        retrier.ErrorEquals!.every((error) => refused.errors.includes(error))
          ? Math.min(refused.attemptSeconds, timeout)
          : timeout;
      const retriers = state.Retry ?? [];
      const where = (index: number) => `Task '${name}' Retry[${index}]`;
      const retries = retriers.reduce(
        (sum, retrier, index) =>
          sum + known(where(index), 'MaxAttempts', retrier.MaxAttempts ?? RETRIER_DEFAULTS.MaxAttempts, 0) * attemptSeconds(retrier),
        0,
      );
      const waits = retriers.reduce((sum, retrier, index) => sum + retrierWaitSeconds(where(index), retrier), 0);
      return timeout + retries + waits;
    }
    case 'Wait':
      if (state.Seconds === undefined) throw new Error(`Wait '${name}' waits for a time read from its input: its duration has no bound`);
      return known(`Wait '${name}'`, 'Seconds', state.Seconds, 0);
    case 'Pass':
    case 'Choice':
    case 'Succeed':
    case 'Fail':
      return 0;
    default:
      throw new Error(`State '${name}' is a ${state.Type}, whose duration this analysis does not bound`);
  }
}

function targets(state: RenderedState): string[] {
  return [
    state.Next,
    state.Default,
    ...(state.Choices ?? []).map((rule) => rule.Next),
    ...(state.Catch ?? []).map((catcher) => catcher.Next),
  ].filter((target): target is string => target !== undefined);
}

/**
 * The longest an execution of a rendered definition (or graph: `StartAt` and `States`) can run, over every
 * path from StartAt through Next, Choice and Catch transitions. Throws when a path loops, a state is
 * missing or a state's duration has no bound known now.
 */
function worstCaseDurationSeconds(definition: JsonObject, options: WorstCaseOptions = {}): number {
  const states = definition.States as unknown as Record<string, RenderedState>;
  const stateNamed = (name: string): RenderedState => {
    const state = states[name];
    if (state === undefined) throw new Error(`No state '${name}'`);
    return state;
  };
  const order = depthFirst(
    [definition.StartAt as string],
    (name) => targets(stateNamed(name)),
    (name) => {
      throw new Error(`State '${name}' is on a loop: the execution's duration has no bound`);
    },
  );
  // Post-order without loops: every state after all the states it leads to.
  const longest = new Map<string, number>();
  for (const name of order) {
    const state = stateNamed(name);
    const after = Math.max(0, ...targets(state).map((target) => longest.get(target)!));
    longest.set(name, stateWorstCaseSeconds(name, state, options) + after);
  }
  return longest.get(definition.StartAt as string)!;
}

export { worstCaseDurationSeconds };
export type { WorstCaseOptions };
