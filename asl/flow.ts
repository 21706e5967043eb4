import { languageProblems, nextEndProblems, nextTransitions } from './fields';
import type { InputOutputProps } from './fields';
import { catchTransitions, retryCatchProblems } from './retry-catch';
import type { RetryCatchProps } from './retry-catch';
import type { NextOrEnd, QueryLanguage, Transition } from './state';

/** What Task, Parallel and Map share: Next or End, input/output fields, Retry and Catch. */
type FlowProps = NextOrEnd & InputOutputProps & RetryCatchProps;

function flowTransitions(props: FlowProps): Transition[] {
  return [...nextTransitions(props), ...catchTransitions(props)];
}

function flowProblems(stateName: string, props: FlowProps, queryLanguage: QueryLanguage): string[] {
  return [
    ...nextEndProblems(stateName, props),
    ...languageProblems(stateName, props, queryLanguage),
    ...retryCatchProblems(stateName, props, queryLanguage),
  ];
}

export { flowTransitions, flowProblems };
export type { FlowProps };
