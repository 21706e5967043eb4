import { checkStateName } from './arguments';
import { nextTransitions } from './fields';
import { catchTransitions } from './retry-catch';
import type { RetryCatchProps } from './retry-catch';
import type { NextOrEnd, QueryLanguage, StateType, Transition } from './state';

/** How a state leaves: the edges the graph walks, and whether it ends its graph. */
interface Exits {
  readonly transitions: readonly Transition[];
  readonly terminal: boolean;
}

/** What every state kind shares: its name, type and declared language, and how it leaves. */
interface StateIdentity<T extends StateType> {
  readonly type: T;
  readonly name: string;
  /** The language this state declares; undefined inherits the enclosing graph's. */
  readonly queryLanguage: QueryLanguage | undefined;
  transitions(): readonly Transition[];
  isTerminal(): boolean;
}

/** Succeed and Fail: no edges, the end of their graph. */
const ENDS_GRAPH: Exits = { transitions: [], terminal: true };

/** `Next` (and any `Catch` targets), or `End`. */
function nextOrEnd(props: NextOrEnd & RetryCatchProps): Exits {
  return { transitions: [...nextTransitions(props), ...catchTransitions(props)], terminal: props.end === true };
}

/**
 * A state's identity, checked once: a state class merges `StateIdentity<Type>` into its own interface and
 * copies this in, so the shared part is written here and nowhere else.
 */
function stateIdentity<T extends StateType>(
  type: T,
  name: string,
  props: { readonly queryLanguage?: QueryLanguage },
  exits: Exits,
): StateIdentity<T> {
  return {
    type,
    name: checkStateName(name),
    queryLanguage: props.queryLanguage,
    transitions: () => exits.transitions,
    isTerminal: () => exits.terminal,
  };
}

/** The language a state is rendered and checked in: its own, else the one of the graph around it. */
function effectiveLanguage(state: { readonly queryLanguage: QueryLanguage | undefined }, enclosing: QueryLanguage): QueryLanguage {
  return state.queryLanguage ?? enclosing;
}

export { stateIdentity, nextOrEnd, effectiveLanguage, ENDS_GRAPH };
export type { StateIdentity, Exits };
