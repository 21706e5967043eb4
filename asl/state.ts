import type { JsonObject } from './json';
import type { StateGraph } from './state-graph';

type QueryLanguage = 'JSONPath' | 'JSONata';

type StateType = 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** One value per query language, picked once a state's effective language is known (at render and check time). */
type ByLanguage<T> = { readonly [Language in QueryLanguage]: T };

/** An IAM condition, in the shape of `aws_iam_policy_document`'s `condition` block. */
interface PolicyCondition {
  /** The operator, e.g. `StringLike`. */
  readonly test: string;
  /** The context key, e.g. `s3:prefix`. */
  readonly variable: string;
  readonly values: readonly string[];
}

/** An IAM statement a state needs its state machine's role to allow. Resources may be CDKTF tokens. */
interface PolicyStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** All must hold for the statement to apply; none when unset. */
  readonly conditions?: readonly PolicyCondition[];
}

type TransitionKind = 'next' | 'choice' | 'default' | 'catch';

interface Transition {
  readonly target: string;
  readonly kind: TransitionKind;
  /** What the edge means: a choice rule, or the errors a catcher matches. */
  readonly label?: string;
}

/** `Next` or `End`: a state that is not terminal must have exactly one, so the types allow no third case. */
type NextOrEnd = { readonly next: string; readonly end?: never } | { readonly end: true; readonly next?: never };

/** What the graph needs from every state; each state kind renders and checks its own fields. */
interface State {
  readonly name: string;
  readonly type: StateType;
  /** The language this state declares; undefined inherits the enclosing definition's. */
  readonly queryLanguage: QueryLanguage | undefined;
  transitions(): readonly Transition[];
  /** Ends its graph (End, Succeed or Fail). */
  isTerminal(): boolean;
  /** Problems only the whole definition can see: its effective query language is passed in. */
  problems(queryLanguage: QueryLanguage): readonly string[];
  /** Parallel branches or a Map's item processor; none when absent. */
  nestedGraphs?(): readonly StateGraph[];
  /** What the state machine's role must allow for this state; nothing when absent. */
  permissions?(): readonly PolicyStatement[];
  /**
   * The state as ASL. `queryLanguage` is its effective language (its own, else the enclosing graph's), which
   * decides fields such as Parameters vs Arguments; the graph passes it, and a direct call defaults to the
   * state's own language, else JSONPath.
   */
  render(queryLanguage?: QueryLanguage): JsonObject;
}

export type { QueryLanguage, ByLanguage, StateType, PolicyCondition, PolicyStatement, Transition, TransitionKind, NextOrEnd, State };
