import { checkJsonata, checkPathOrIntrinsic } from '../arguments';
import { renderBase } from '../fields';
import type { StateBaseProps } from '../fields';
import { InvalidStateArgument } from '../errors';
import { ENDS_GRAPH, StateIdentity } from '../identity';
import { compact } from '../json';
import type { JsonObject } from '../json';
import type { QueryLanguage } from '../state';
import type { State } from '../state-graph';

type FailProps = Omit<StateBaseProps, 'assign'> & {
  /** An error name, or a `{% ... %}` expression in JSONata states. */
  readonly error?: string;
  /** A message, or a `{% ... %}` expression in JSONata states. */
  readonly cause?: string;
  /** JSONPath states: where to read the error name from the input, or an intrinsic function such as States.Format. */
  readonly errorPath?: string;
  readonly causePath?: string;
};

/** A JSONata expression in Error or Cause; in a JSONPath state the same text would be a literal. */
function isExpression(value: string | undefined): value is string {
  return value?.startsWith('{%') ?? false;
}

class FailState extends StateIdentity<'Fail', FailProps> implements State {
  constructor(name: string, props: FailProps = {}) {
    super('Fail', name, props, ENDS_GRAPH);
    for (const [fixed, path] of [
      ['error', 'errorPath'],
      ['cause', 'causePath'],
    ] as const) {
      if (props[fixed] !== undefined && props[path] !== undefined) {
        throw new InvalidStateArgument(`Fail: expected at most one of ${fixed} and ${path}`);
      }
    }
    if (isExpression(props.error)) checkJsonata('Error', props.error);
    if (isExpression(props.cause)) checkJsonata('Cause', props.cause);
    checkPathOrIntrinsic('ErrorPath', props.errorPath);
    checkPathOrIntrinsic('CausePath', props.causePath);
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    const usesPaths = this.props.errorPath !== undefined || this.props.causePath !== undefined;
    const usesExpressions = isExpression(this.props.error) || isExpression(this.props.cause);
    if (queryLanguage === 'JSONata' && usesPaths)
      return [`State '${this.name}' uses ErrorPath or CausePath, which JSONata states cannot have`];
    if (queryLanguage === 'JSONPath' && usesExpressions) {
      return [
        `State '${this.name}' uses a JSONata Error or Cause expression, which JSONPath states cannot have (use ErrorPath, CausePath)`,
      ];
    }
    return [];
  }

  render(): JsonObject {
    const props = this.props;
    return compact({
      ...renderBase(this.type, props),
      Error: props.error,
      ErrorPath: props.errorPath,
      Cause: props.cause,
      CausePath: props.causePath,
    });
  }
}

export { FailState };
