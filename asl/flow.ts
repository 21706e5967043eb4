import { languageProblems, nextEndProblems } from './fields';
import type { InputOutputProps } from './fields';
import { retryCatchProblems } from './retry-catch';
import type { RetryCatchProps } from './retry-catch';
import type { NextOrEnd, QueryLanguage } from './state';

/** What Task, Parallel and Map share: Next or End, input/output fields, Retry and Catch. */
type FlowProps = NextOrEnd & InputOutputProps & RetryCatchProps;

function flowProblems(stateName: string, props: FlowProps, queryLanguage: QueryLanguage): string[] {
  return [
    ...nextEndProblems(stateName, props),
    ...languageProblems(stateName, props, queryLanguage),
    ...retryCatchProblems(stateName, props, queryLanguage),
  ];
}

export { flowProblems };
