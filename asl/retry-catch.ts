import { RESULT_PATH, checkInteger, checkJsonPath, checkPayloadTemplate } from './arguments';
import { InvalidStateArgument } from './errors';
import { compact } from './json';
import type { JsonObject, JsonValue } from './json';
import type { QueryLanguage, Transition } from './state';

const ALL_ERRORS = 'States.ALL';

interface Retrier {
  readonly errorEquals: readonly string[];
  readonly intervalSeconds?: number;
  readonly maxAttempts?: number;
  readonly backoffRate?: number;
  readonly maxDelaySeconds?: number;
  readonly jitterStrategy?: 'FULL' | 'NONE';
  readonly comment?: string;
}

interface Catcher {
  readonly errorEquals: readonly string[];
  readonly next: string;
  /** JSONPath states: where the error output goes in the state's input. */
  readonly resultPath?: string | null;
  /** JSONata states: the output on the way to `next`. */
  readonly output?: JsonValue;
  readonly assign?: JsonObject;
  readonly comment?: string;
}

interface RetryCatchProps {
  readonly retry?: readonly Retrier[];
  readonly catch?: readonly Catcher[];
}

/** How the integration helpers retry errors a second try can fix: three retries, after up to 1, 2 and 4 s (full jitter). */
function transientRetry(errorEquals: readonly string[]): Retrier {
  return { errorEquals, intervalSeconds: 1, maxAttempts: 3, backoffRate: 2, jitterStrategy: 'FULL' };
}

function checkErrorEquals(field: string, errors: readonly string[]): void {
  if (errors.length === 0 || errors.some((error) => error === '')) {
    throw new InvalidStateArgument(`${field}.ErrorEquals: expected at least one non-empty error name, got: ${JSON.stringify(errors)}`);
  }
}

function checkRetryCatch(props: RetryCatchProps): void {
  props.retry?.forEach((retrier, index) => {
    const field = `Retry[${index}]`;
    checkErrorEquals(field, retrier.errorEquals);
    checkInteger(`${field}.IntervalSeconds`, retrier.intervalSeconds, 1, 99_999_999);
    checkInteger(`${field}.MaxAttempts`, retrier.maxAttempts, 0, 99_999_999);
    checkInteger(`${field}.MaxDelaySeconds`, retrier.maxDelaySeconds, 1, 31_622_400);
    if (retrier.backoffRate !== undefined && !(Number.isFinite(retrier.backoffRate) && retrier.backoffRate >= 1)) {
      throw new InvalidStateArgument(`${field}.BackoffRate: expected a number of at least 1.0, got: ${retrier.backoffRate}`);
    }
  });
  props.catch?.forEach((catcher, index) => {
    checkErrorEquals(`Catch[${index}]`, catcher.errorEquals);
    checkJsonPath(`Catch[${index}].ResultPath`, catcher.resultPath, RESULT_PATH);
    checkPayloadTemplate(`Catch[${index}].Assign`, catcher.assign);
  });
}

/** `States.ALL` must stand alone in its ErrorEquals and in the last retrier or catcher. */
function allErrorsProblems(stateName: string, field: 'Retry' | 'Catch', entries: readonly { errorEquals: readonly string[] }[]): string[] {
  return entries.flatMap(({ errorEquals }, index) => {
    if (!errorEquals.includes(ALL_ERRORS)) return [];
    const problems: string[] = [];
    if (errorEquals.length > 1)
      problems.push(`State '${stateName}' ${field}[${index}] lists ${ALL_ERRORS} with other errors; it must stand alone`);
    if (index !== entries.length - 1) problems.push(`State '${stateName}' ${field}[${index}] uses ${ALL_ERRORS} but is not the last entry`);
    return problems;
  });
}

function catcherLanguageProblems(stateName: string, catchers: readonly Catcher[], language: QueryLanguage): string[] {
  const [field, misplaced] = language === 'JSONata' ? (['ResultPath', 'resultPath'] as const) : (['Output', 'output'] as const);
  return catchers
    .map((catcher, index) => [catcher, index] as const)
    .filter(([catcher]) => catcher[misplaced] !== undefined)
    .map(([, index]) => `State '${stateName}' Catch[${index}] uses ${field}, which ${language} states cannot have`);
}

function retryCatchProblems(stateName: string, props: RetryCatchProps, language: QueryLanguage): string[] {
  return [
    ...allErrorsProblems(stateName, 'Retry', props.retry ?? []),
    ...allErrorsProblems(stateName, 'Catch', props.catch ?? []),
    ...catcherLanguageProblems(stateName, props.catch ?? [], language),
  ];
}

function renderRetryCatch(props: RetryCatchProps): Record<string, JsonValue | undefined> {
  return {
    Retry: props.retry?.map((retrier) =>
      compact({
        ErrorEquals: retrier.errorEquals,
        Comment: retrier.comment,
        IntervalSeconds: retrier.intervalSeconds,
        MaxAttempts: retrier.maxAttempts,
        BackoffRate: retrier.backoffRate,
        MaxDelaySeconds: retrier.maxDelaySeconds,
        JitterStrategy: retrier.jitterStrategy,
      }),
    ),
    Catch: props.catch?.map((catcher) =>
      compact({
        ErrorEquals: catcher.errorEquals,
        Comment: catcher.comment,
        ResultPath: catcher.resultPath,
        Output: catcher.output,
        Assign: catcher.assign,
        Next: catcher.next,
      }),
    ),
  };
}

function catchTransitions(props: RetryCatchProps): Transition[] {
  return (props.catch ?? []).map((catcher) => ({ target: catcher.next, kind: 'catch', label: catcher.errorEquals.join(', ') }));
}

export { ALL_ERRORS, transientRetry, checkRetryCatch, retryCatchProblems, renderRetryCatch, catchTransitions };
export type { Retrier, Catcher, RetryCatchProps };
