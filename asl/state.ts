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

export type { QueryLanguage, ByLanguage, StateType, PolicyCondition, PolicyStatement, Transition, NextOrEnd };
