import { checkStateName } from '../arguments';
import { InvalidStateArgument } from '../errors';
import { checkInputOutput, renderBase, renderInput, renderNextEnd, renderOutput } from '../fields';
import { flowProblems, flowTransitions } from '../flow';
import type { InputOutputProps, StateBaseProps } from '../fields';
import { compact } from '../json';
import type { JsonObject } from '../json';
import { checkRetryCatch, renderRetryCatch } from '../retry-catch';
import type { RetryCatchProps } from '../retry-catch';
import type { NextOrEnd, QueryLanguage, State, Transition } from '../state';
import type { StateGraph } from '../state-graph';

type ParallelProps = StateBaseProps &
  InputOutputProps &
  RetryCatchProps &
  NextOrEnd & {
    readonly branches: readonly StateGraph[];
  };

class ParallelState implements State {
  readonly type = 'Parallel';
  readonly name: string;
  readonly queryLanguage: QueryLanguage | undefined;
  private readonly props: ParallelProps;

  constructor(name: string, props: ParallelProps) {
    this.name = checkStateName(name);
    this.queryLanguage = props.queryLanguage;
    if (props.branches.length === 0) throw new InvalidStateArgument(`Parallel '${name}': expected at least one branch`);
    checkInputOutput(props);
    checkRetryCatch(props);
    this.props = props;
  }

  transitions(): readonly Transition[] {
    return flowTransitions(this.props);
  }

  isTerminal(): boolean {
    return this.props.end === true;
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    return flowProblems(this.name, this.props, queryLanguage);
  }

  nestedGraphs(): readonly StateGraph[] {
    return this.props.branches;
  }

  render(): JsonObject {
    const props = this.props;
    return compact({
      ...renderBase(this.type, props),
      ...renderInput(props),
      Branches: props.branches.map((branch) => branch.render()),
      ...renderOutput(props),
      ...renderRetryCatch(props),
      ...renderNextEnd(props),
    });
  }
}

export { ParallelState };
export type { ParallelProps };
