import { InvalidStateArgument } from '../errors';
import { checkInputOutput, renderBase, renderInput, renderNextEnd, renderOutput } from '../fields';
import { flowProblems } from '../flow';
import { nextOrEnd, StateIdentity } from '../identity';
import type { InputOutputProps, StateBaseProps } from '../fields';
import { compact } from '../json';
import type { JsonObject } from '../json';
import { checkRetryCatch, renderRetryCatch } from '../retry-catch';
import type { RetryCatchProps } from '../retry-catch';
import type { NextOrEnd, QueryLanguage } from '../state';
import type { State, StateGraph } from '../state-graph';

type ParallelProps = StateBaseProps &
  InputOutputProps &
  RetryCatchProps &
  NextOrEnd & {
    readonly branches: readonly StateGraph[];
  };

class ParallelState extends StateIdentity<'Parallel', ParallelProps> implements State {
  constructor(name: string, props: ParallelProps) {
    super('Parallel', name, props, nextOrEnd(props));
    if (props.branches.length === 0) throw new InvalidStateArgument(`Parallel '${name}': expected at least one branch`);
    checkInputOutput(props);
    checkRetryCatch(props);
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    return flowProblems(this.name, this.props, queryLanguage);
  }

  nestedGraphs(): readonly StateGraph[] {
    return this.props.branches;
  }

  render(queryLanguage: QueryLanguage = this.queryLanguage ?? 'JSONPath'): JsonObject {
    const props = this.props;
    return compact({
      ...renderBase(this.type, props),
      ...renderInput(props),
      Branches: props.branches.map((branch) => branch.render(queryLanguage)),
      ...renderOutput(props),
      ...renderRetryCatch(props),
      ...renderNextEnd(props),
    });
  }
}

export { ParallelState };
