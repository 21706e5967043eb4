import { ALL_ERRORS, FailState, snsPublish } from '../asl';
import type { Retrier, State } from '../asl';
import { EXECUTION, consoleLink, jsonata, textLiteral } from './jsonata';

interface FailureReportProps {
  readonly names: { readonly notify: string; readonly briefly: string; readonly failed: string };
  readonly topicArn: string;
  readonly publishTimeoutSeconds: number;
  readonly serviceRetry: Retrier | null;
  readonly subject: string;
  readonly region: string;
  /** What the report names of the request: fields, read where all of them are text. */
  readonly request: ReportedRequest;
}

/**
 * The request's fields as the report names them: from the state input's `known` member when an
 * earlier step has validated them, else from the first of `sources` (paths in the execution's
 * input, '' for the input itself) where all of them are text, else '' each.
 */
interface ReportedRequest {
  readonly fields: readonly string[];
  readonly known?: string;
  readonly sources: readonly string[];
}

/**
 * A JSON string literal as JSON.stringify writes it (no raw control characters). `\x5c` is the
 * backslash: JSONata's scanner would miscount a bracket written after an escaped backslash.
 */
const JSON_STRING_LITERAL = String.raw`"(?:[^"\x5c\u0000-\u001f]|\x5c["\x5c/bfnrt]|\x5cu[0-9a-fA-F]{4})*"`;
/** The start of Lambda's error payload (`{"errorType":"...","errorMessage":"...",...}`), its message's literal captured. */
const LAMBDA_ERROR_PAYLOAD = `/^\\{"errorType":${JSON_STRING_LITERAL},"errorMessage":(${JSON_STRING_LITERAL})/`;

/**
 * The readable message of a caught `{Error, Cause}` (the state's input): Lambda's errorMessage when
 * the cause is Lambda's error payload, else the cause as text, else a sentence saying there is none.
 * `$parse` only ever reads a literal the pattern has matched, so it cannot fail.
 */
const FAILURE_MESSAGE = `(
  $cause := $states.input.Cause;
  $lambda := $type($cause) = 'string' ? $match($cause, ${LAMBDA_ERROR_PAYLOAD});
  $type($cause) = 'string' and $cause != '' ? ($exists($lambda) ? $parse($lambda.groups[0]) : $cause) : 'No cause was given.'
)`;

const CORRELATION_ID = `'correlation_id': ${EXECUTION}.Name`;

/**
 * Sets `$from` to the request's fields (see ReportedRequest), for an expression that reports them;
 * also `$in` (the execution's input) and `$named`.
 */
function located(request: ReportedRequest): string {
  const { fields, known, sources } = request;
  const allText = fields.map((field) => `$type($o.\`${field}\`) = 'string'`).join(' and ');
  const candidates = [
    ...(known === undefined ? [] : [`$states.input.\`${known}\``]),
    ...sources.map((path) => (path === '' ? '$in' : `$in.${path}`)),
  ];
  const unnamed = `{${fields.map((field) => `${textLiteral(field)}: ''`).join(', ')}}`;
  const choice = candidates.reduceRight((otherwise, candidate) => `$named(${candidate}) ? ${candidate} : ${otherwise}`, unnamed);
  return `$in := ${EXECUTION}.Input; $named := function($o) { $type($o) = 'object' and ${allText} }; $from := ${choice}`;
}

/**
 * The failure path: from a caught `{Error, Cause}` to one report for a person (error, message, the
 * request's fields, execution, console link), a brief report when SNS refuses that one (e.g. over
 * 256 KB), and the Fail state with the readable message. The request is read from the context
 * object, never copied into a state, so no input near the payload quota can make the report exceed it.
 */
function failureReportStates(props: FailureReportProps): State[] {
  const { names, request } = props;
  const publish = {
    topicArn: props.topicArn,
    subject: props.subject,
    timeoutSeconds: props.publishTimeoutSeconds,
    serviceRetry: props.serviceRetry,
  };
  const common = `'execution': ${EXECUTION}.Id, ${CORRELATION_ID}, 'console': ${consoleLink(props.region)}`;
  const fields = request.fields.map((field) => `${textLiteral(field)}: $from.\`${field}\``).join(', ');
  const report = `(${located(request)}; {'status': 'failed', 'error': $states.input.Error, 'message': ${FAILURE_MESSAGE}, ${fields}, ${common}})`;
  const brief = `{'status': 'failed', 'error': $states.input.Error, 'message': ${textLiteral(
    'The full failure report could not be published; see the execution for its error and input.',
  )}, ${common}}`;
  return [
    snsPublish(names.notify, {
      ...publish,
      message: jsonata(report),
      output: jsonata('$states.input'),
      catch: [{ errorEquals: [ALL_ERRORS], output: jsonata('$states.input'), next: names.briefly }],
      next: names.failed,
    }),
    snsPublish(names.briefly, { ...publish, message: jsonata(brief), output: jsonata('$states.input'), next: names.failed }),
    new FailState(names.failed, { error: jsonata('$states.input.Error'), cause: jsonata(FAILURE_MESSAGE) }),
  ];
}

/** A Fail state that ends the execution with the caught `{Error, Cause}` it is given, as it is. */
function failWithInputError(name: string): FailState {
  return new FailState(name, { error: jsonata('$states.input.Error'), cause: jsonata('$states.input.Cause') });
}

export { failureReportStates, failWithInputError, located, FAILURE_MESSAGE };
export type { FailureReportProps, ReportedRequest };
