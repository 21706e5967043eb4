import { ALL_ERRORS, ChoiceState, Condition, FailState, PassState, snsPublish } from '../asl';
import type { Retrier, State } from '../asl';

interface FailureStatesProps {
  /** `notify` names the report that reads the request's fields from the request itself. */
  readonly names: { readonly start: string; readonly notify: string; readonly failed: string };
  readonly publish: {
    readonly topicArn: string;
    readonly timeoutSeconds: number;
    readonly serviceRetry: Retrier | null;
    readonly resultPath: null;
  };
  readonly subject: string;
  /** An intrinsic call giving the execution's console URL. */
  readonly consoleLink: string;
  /** The message field that carries the correlation id, as a `.$` key and its path. */
  readonly correlationId: Readonly<Record<string, string>>;
  /** What the report names of the request (the image's bucket and key unless set). */
  readonly request?: ReportedRequest;
}

/**
 * Request fields the report names, read from the execution's input where all of them are text; each
 * source is tried in order, and the report names them as '' when none has them all. Each source has
 * its own notification, which reads the fields straight from the context object: copying them into
 * the state could push a request near the 256 KB quota past it (an uncatchable
 * States.DataLimitExceeded), while an SNS message that is too large is caught and reported briefly.
 */
interface ReportedRequest {
  readonly fields: readonly string[];
  /** Where the fields may be (`$$.Execution.Input...`), with the names of the Choice that checks and the Task that notifies. */
  readonly sources: readonly { readonly path: string; readonly check: string; readonly notify: string }[];
  /** The Task that notifies with the fields as '' when no source has them. */
  readonly unknown: string;
}

const STATES = {
  parseFunctionError: 'Parse function error',
  checkFunctionMessage: 'Check function message',
  withFunctionMessage: 'Report function message',
  withCause: 'Report cause',
  withoutCause: 'Report error only',
  locateInBody: 'Locate image in request body',
  locateInRequest: 'Locate image in request',
  notifyFromBody: 'Notify failure, image from request body',
  notifyUnnamed: 'Notify failure, image not named',
  notifyBriefly: 'Notify failure briefly',
} as const;

/** Lambda's error payload, as the lambda:invoke integration puts it in `Cause`. */
const LAMBDA_ERROR_PAYLOAD = '{"errorType":*"errorMessage":*}';

/**
 * Rules, in order, that send anything but a string at `path` to `otherwise`: a Choice stops at the
 * first match, so the type test never meets a missing path. (Not of a true test, rather than
 * `IsPresent: false`, which aws-local-stepfunctions 3.0.0 never matches.)
 */
function unlessString(path: string, otherwise: string) {
  return [
    { condition: Condition.not(Condition.compare(path, 'IsPresent', true)), next: otherwise, comment: `${path} missing` },
    { condition: Condition.not(Condition.compare(path, 'IsString', true)), next: otherwise, comment: `${path} not text` },
  ];
}

/** A Pass that sets the report's `error` and `message`, then goes on to locating the request. */
function report(name: string, message: { 'message.$': string } | { message: string }, next: string): PassState {
  return new PassState(name, { parameters: { 'error.$': '$.Error', ...message }, next });
}

/** The image's bucket and key, from the request body (an API's event) or the request itself (named `notify`). */
function imageRequest(notify: string): ReportedRequest {
  return {
    fields: ['s3_bucket', 's3_key'],
    sources: [
      { path: '$$.Execution.Input.body', check: STATES.locateInBody, notify: STATES.notifyFromBody },
      { path: '$$.Execution.Input', check: STATES.locateInRequest, notify },
    ],
    unknown: STATES.notifyUnnamed,
  };
}

/** A Choice per source: all fields text, notify with them from there; else try the next source. */
function locateStates(request: ReportedRequest): State[] {
  const { fields, sources, unknown } = request;
  return sources.map(
    (source, index) =>
      new ChoiceState(source.check, {
        choices: fields.flatMap((field) => unlessString(`${source.path}.${field}`, sources[index + 1]?.check ?? unknown)),
        default: source.notify,
      }),
  );
}

/**
 * The failure path: from a caught `{Error, Cause}` to one notification for a person and the Fail
 * state. Every step is guarded so that no input shape can make it fail with States.Runtime, which
 * no Catch sees: a Cause is parsed as JSON only when it has the shape of Lambda's error payload, and
 * the request's fields (the image's bucket and key unless `request` says otherwise) are read only where they are text. A message too large
 * to publish falls back to a brief one.
 */
function failureStates(props: FailureStatesProps): State[] {
  const { names, publish, subject, consoleLink, correlationId, request = imageRequest(names.notify) } = props;
  const locate = request.sources[0]?.check ?? request.unknown;
  /** The report, with each request field read from `path` (or '' without one). */
  const notify = (name: string, path: string | undefined) =>
    snsPublish(name, {
      ...publish,
      subject,
      message: {
        status: 'failed',
        'error.$': '$.error',
        'message.$': '$.message',
        ...Object.fromEntries(request.fields.map((field) => (path === undefined ? [field, ''] : [`${field}.$`, `${path}.${field}`]))),
        'execution.$': '$$.Execution.Id',
        ...correlationId,
        'console.$': consoleLink,
      },
      // The state keeps {error, message} as it is: the brief report reads `error` from it.
      catch: [{ errorEquals: [ALL_ERRORS], resultPath: null, next: STATES.notifyBriefly }],
      next: names.failed,
    });
  return [
    new ChoiceState(names.start, {
      choices: [
        ...unlessString('$.Cause', STATES.withoutCause),
        { condition: Condition.compare('$.Cause', 'StringEquals', ''), next: STATES.withoutCause, comment: 'empty cause' },
        {
          condition: Condition.compare('$.Cause', 'StringMatches', LAMBDA_ERROR_PAYLOAD),
          next: STATES.parseFunctionError,
          comment: 'Lambda error payload',
        },
      ],
      default: STATES.withCause,
    }),
    new PassState(STATES.parseFunctionError, {
      parameters: { 'payload.$': 'States.StringToJson($.Cause)' },
      resultPath: '$.Function',
      next: STATES.checkFunctionMessage,
    }),
    new ChoiceState(STATES.checkFunctionMessage, {
      choices: unlessString('$.Function.payload.errorMessage', STATES.withCause),
      default: STATES.withFunctionMessage,
    }),
    report(STATES.withFunctionMessage, { 'message.$': '$.Function.payload.errorMessage' }, locate),
    report(STATES.withCause, { 'message.$': '$.Cause' }, locate),
    report(STATES.withoutCause, { message: 'No cause was given.' }, locate),
    ...locateStates(request),
    ...request.sources.map((source) => notify(source.notify, source.path)),
    notify(request.unknown, undefined),
    snsPublish(STATES.notifyBriefly, {
      ...publish,
      subject,
      message: {
        status: 'failed',
        'error.$': '$.error',
        message: 'The full failure report could not be published; see the execution for its error and input.',
        'execution.$': '$$.Execution.Id',
        ...correlationId,
        'console.$': consoleLink,
      },
      next: names.failed,
    }),
    new FailState(names.failed, { errorPath: '$.error', causePath: '$.message' }),
  ];
}

export { failureStates, unlessString };
export type { FailureStatesProps, ReportedRequest };
