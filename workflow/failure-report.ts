import { ALL_ERRORS, ChoiceState, Condition, FailState, PassState, snsPublish } from '../asl';
import type { Retrier, State } from '../asl';

interface FailureStatesProps {
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
 * source is tried in order, and the report names them as '' when none has them all.
 */
interface ReportedRequest {
  readonly fields: readonly string[];
  /** Where the fields may be (`$$.Execution.Input...`), with the names of the Choice that checks and the Pass that takes them. */
  readonly sources: readonly { readonly path: string; readonly check: string; readonly take: string }[];
  /** The Pass that names them as '' when no source has them. */
  readonly unknown: string;
  /** Where the report keeps them, e.g. `$.image`. */
  readonly resultPath: string;
}

const STATES = {
  parseFunctionError: 'Parse function error',
  checkFunctionMessage: 'Check function message',
  withFunctionMessage: 'Report function message',
  withCause: 'Report cause',
  withoutCause: 'Report error only',
  locateInBody: 'Locate image in request body',
  locateInRequest: 'Locate image in request',
  fromBody: 'Image from request body',
  fromRequest: 'Image from request',
  unknownImage: 'Image not named',
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

/** The image's bucket and key, from the request body (an API's event) or the request itself. */
const IMAGE_REQUEST: ReportedRequest = {
  fields: ['s3_bucket', 's3_key'],
  sources: [
    { path: '$$.Execution.Input.body', check: STATES.locateInBody, take: STATES.fromBody },
    { path: '$$.Execution.Input', check: STATES.locateInRequest, take: STATES.fromRequest },
  ],
  unknown: STATES.unknownImage,
  resultPath: '$.image',
};

/** A Choice per source (all fields text: take them; else the next source), the Passes that take them, and the fallback. */
function requestStates(request: ReportedRequest, next: string): State[] {
  const { fields, sources, unknown, resultPath } = request;
  return [
    ...sources.map(
      (source, index) =>
        new ChoiceState(source.check, {
          choices: fields.flatMap((field) => unlessString(`${source.path}.${field}`, sources[index + 1]?.check ?? unknown)),
          default: source.take,
        }),
    ),
    ...sources.map(
      (source) =>
        new PassState(source.take, {
          parameters: Object.fromEntries(fields.map((field) => [`${field}.$`, `${source.path}.${field}`])),
          resultPath,
          next,
        }),
    ),
    new PassState(unknown, { result: Object.fromEntries(fields.map((field) => [field, ''])), resultPath, next }),
  ];
}

/**
 * The failure path: from a caught `{Error, Cause}` to one notification for a person and the Fail
 * state. Every step is guarded so that no input shape can make it fail with States.Runtime, which
 * no Catch sees: a Cause is parsed as JSON only when it has the shape of Lambda's error payload, and
 * the request's fields (the image's bucket and key unless `request` says otherwise) are read only where they are text. A message too large
 * to publish falls back to a brief one.
 */
function failureStates(props: FailureStatesProps): State[] {
  const { names, publish, subject, consoleLink, correlationId, request = IMAGE_REQUEST } = props;
  const locate = request.sources[0]?.check ?? request.unknown;
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
    ...requestStates(request, names.notify),
    snsPublish(names.notify, {
      ...publish,
      subject,
      message: {
        status: 'failed',
        'error.$': '$.error',
        'message.$': '$.message',
        ...Object.fromEntries(request.fields.map((field) => [`${field}.$`, `${request.resultPath}.${field}`])),
        'execution.$': '$$.Execution.Id',
        ...correlationId,
        'console.$': consoleLink,
      },
      catch: [{ errorEquals: [ALL_ERRORS], resultPath: '$.notifyError', next: STATES.notifyBriefly }],
      next: names.failed,
    }),
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
