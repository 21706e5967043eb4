/** The error names Step Functions reserves that this executor raises or matches. */
const STATES_ERRORS = {
  all: 'States.ALL',
  taskFailed: 'States.TaskFailed',
  timeout: 'States.Timeout',
  runtime: 'States.Runtime',
  dataLimitExceeded: 'States.DataLimitExceeded',
  queryEvaluationError: 'States.QueryEvaluationError',
  noChoiceMatched: 'States.NoChoiceMatched',
  exceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  itemReaderFailed: 'States.ItemReaderFailed',
  resultWriterFailed: 'States.ResultWriterFailed',
} as const;

/**
 * An error as a state reports it: `name` is the error name Retry and Catch match, `cause` the text
 * Step Functions shows beside it. A terminal error ends the execution whatever the state's Retry and
 * Catch say (States.Runtime; a state output over the payload quota).
 */
class StatesError extends Error {
  override readonly cause: string | undefined;
  readonly terminal: boolean;

  constructor(error: string, cause?: string, { terminal = false } = {}) {
    super(cause ?? error);
    this.name = error;
    this.cause = cause;
    this.terminal = terminal;
  }
}

/**
 * A failure as Step Functions reports it, for stand-ins that fail other than a function does: a
 * task timeout (`States.Timeout`, no cause), a service error with a plain-text cause.
 */
class IntegrationFailure extends StatesError {
  constructor(error: string, cause = '') {
    super(error, cause);
  }
}

/**
 * Whether a retrier's or catcher's ErrorEquals matches the error. `States.ALL` matches any error but
 * States.DataLimitExceeded and States.Runtime; `States.TaskFailed` any of those but States.Timeout;
 * States.DataLimitExceeded only by its own name; a terminal error nothing.
 */
function errorMatches(errorEquals: readonly string[], error: StatesError): boolean {
  if (error.terminal || error.name === STATES_ERRORS.runtime) return false;
  if (errorEquals.includes(error.name)) return true;
  if (error.name === STATES_ERRORS.dataLimitExceeded) return false;
  if (errorEquals.includes(STATES_ERRORS.all)) return true;
  return errorEquals.includes(STATES_ERRORS.taskFailed) && error.name !== STATES_ERRORS.timeout;
}

/** The error output a Catch passes on: `{Error, Cause}`. */
function errorOutput(error: StatesError): { Error: string; Cause?: string } {
  return error.cause === undefined ? { Error: error.name } : { Error: error.name, Cause: error.cause };
}

/** Problems found when loading a definition, all of them. */
class DefinitionError extends Error {
  override readonly name = 'DefinitionError';

  constructor(readonly problems: readonly string[]) {
    super(`The definition cannot run locally:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
  }
}

export { DefinitionError, IntegrationFailure, STATES_ERRORS, StatesError, errorMatches, errorOutput };
