import type { JsonObject } from './json';

interface RenderedRetrier {
  readonly MaxAttempts?: number;
  readonly IntervalSeconds?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
}

interface RenderedState {
  readonly Type: string;
  readonly Next?: string;
  readonly Default?: string;
  readonly Choices?: readonly { readonly Next: string }[];
  readonly Catch?: readonly { readonly Next: string }[];
  readonly Retry?: readonly RenderedRetrier[];
  readonly TimeoutSeconds?: number;
  readonly Seconds?: number;
}

/** AWS's defaults when a retrier leaves them out. */
const RETRIER_DEFAULTS = { MaxAttempts: 3, IntervalSeconds: 1, BackoffRate: 2 } as const;

/** The longest a retrier waits in all: each delay at its maximum, as full jitter allows. */
function retrierWaitSeconds(retrier: RenderedRetrier): number {
  const { MaxAttempts, IntervalSeconds, BackoffRate } = { ...RETRIER_DEFAULTS, ...retrier };
  let total = 0;
  for (let attempt = 0; attempt < MaxAttempts; attempt++) {
    const delay = IntervalSeconds * BackoffRate ** attempt;
    total += Math.min(delay, retrier.MaxDelaySeconds ?? Infinity);
  }
  return total;
}

/**
 * The longest one state can take: for a Task every attempt its retriers allow (their budgets add up,
 * since different errors can use each one) running to its timeout, plus every wait between them.
 */
function stateWorstCaseSeconds(name: string, state: RenderedState): number {
  switch (state.Type) {
    case 'Task': {
      if (state.TimeoutSeconds === undefined) throw new Error(`Task '${name}' has no TimeoutSeconds: its duration has no bound`);
      const retriers = state.Retry ?? [];
      const attempts = 1 + retriers.reduce((sum, retrier) => sum + (retrier.MaxAttempts ?? RETRIER_DEFAULTS.MaxAttempts), 0);
      return attempts * state.TimeoutSeconds + retriers.reduce((sum, retrier) => sum + retrierWaitSeconds(retrier), 0);
    }
    case 'Wait':
      if (state.Seconds === undefined) throw new Error(`Wait '${name}' waits for a time read from its input: its duration has no bound`);
      return state.Seconds;
    case 'Pass':
    case 'Choice':
    case 'Succeed':
    case 'Fail':
      return 0;
    default:
      throw new Error(`State '${name}' is a ${state.Type}, whose duration this analysis does not bound`);
  }
}

/**
 * The longest an execution of a rendered definition can run, over every path from StartAt through
 * Next, Choice and Catch transitions. Throws when a path loops or a state has no bound.
 */
function worstCaseDurationSeconds(definition: JsonObject): number {
  const states = definition.States as unknown as Record<string, RenderedState>;
  const longest = new Map<string, number>();
  const visiting = new Set<string>();
  const from = (name: string): number => {
    const known = longest.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`State '${name}' is on a loop: the execution's duration has no bound`);
    const state = states[name];
    if (state === undefined) throw new Error(`No state '${name}'`);
    visiting.add(name);
    const targets = [
      state.Next,
      state.Default,
      ...(state.Choices ?? []).map((rule) => rule.Next),
      ...(state.Catch ?? []).map((catcher) => catcher.Next),
    ];
    const after = Math.max(0, ...targets.filter((target): target is string => target !== undefined).map(from));
    visiting.delete(name);
    const total = stateWorstCaseSeconds(name, state) + after;
    longest.set(name, total);
    return total;
  };
  return from(definition.StartAt as string);
}

export { worstCaseDurationSeconds, retrierWaitSeconds };
