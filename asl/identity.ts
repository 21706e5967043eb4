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

/** Succeed and Fail: no edges, the end of their graph. */
const ENDS_GRAPH: Exits = { transitions: [], terminal: true };

/** `Next` (and any `Catch` targets), or `End`. */
function nextOrEnd(props: NextOrEnd & RetryCatchProps): Exits {
  return { transitions: [...nextTransitions(props), ...catchTransitions(props)], terminal: props.end === true };
}

/**
 * What every state kind shares, and nothing more: its name (checked here), type and declared language, how it
 * leaves, and the props it was built with.
 */
abstract class StateIdentity<T extends StateType, P extends { readonly queryLanguage?: QueryLanguage }> {
  readonly name: string;
  /** The language this state declares; undefined inherits the enclosing graph's. */
  readonly queryLanguage: QueryLanguage | undefined;

  protected constructor(
    readonly type: T,
    name: string,
    protected readonly props: P,
    private readonly exits: Exits,
  ) {
    this.name = checkStateName(name);
    this.queryLanguage = props.queryLanguage;
  }

  transitions(): readonly Transition[] {
    return this.exits.transitions;
  }

  isTerminal(): boolean {
    return this.exits.terminal;
  }
}

/** The language a state is rendered and checked in: its own, else the one of the graph around it. */
function effectiveLanguage(state: { readonly queryLanguage: QueryLanguage | undefined }, enclosing: QueryLanguage): QueryLanguage {
  return state.queryLanguage ?? enclosing;
}

export { StateIdentity, nextOrEnd, effectiveLanguage, ENDS_GRAPH };
export type { Exits };
