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

/** A Pass that sets the report's `error` and `message`, then goes on to locating the image. */
function report(name: string, message: { 'message.$': string } | { message: string }, next: string): PassState {
  return new PassState(name, { parameters: { 'error.$': '$.Error', ...message }, next });
}

function imageFrom(name: string, base: string, next: string): PassState {
  return new PassState(name, {
    parameters: { 's3_bucket.$': `${base}.s3_bucket`, 's3_key.$': `${base}.s3_key` },
    resultPath: '$.image',
    next,
  });
}

/**
 * The failure path: from a caught `{Error, Cause}` to one notification for a person and the Fail
 * state. Every step is guarded so that no input shape can make it fail with States.Runtime, which
 * no Catch sees: a Cause is parsed as JSON only when it has the shape of Lambda's error payload, and
 * the image's bucket and key are read from the request only where they are text. A message too large
 * to publish falls back to a brief one.
 */
function failureStates(props: FailureStatesProps): State[] {
  const { names, publish, subject, consoleLink, correlationId } = props;
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
    report(STATES.withFunctionMessage, { 'message.$': '$.Function.payload.errorMessage' }, STATES.locateInBody),
    report(STATES.withCause, { 'message.$': '$.Cause' }, STATES.locateInBody),
    report(STATES.withoutCause, { message: 'No cause was given.' }, STATES.locateInBody),
    new ChoiceState(STATES.locateInBody, {
      choices: [
        ...unlessString('$$.Execution.Input.body.s3_bucket', STATES.locateInRequest),
        ...unlessString('$$.Execution.Input.body.s3_key', STATES.locateInRequest),
      ],
      default: STATES.fromBody,
    }),
    new ChoiceState(STATES.locateInRequest, {
      choices: [
        ...unlessString('$$.Execution.Input.s3_bucket', STATES.unknownImage),
        ...unlessString('$$.Execution.Input.s3_key', STATES.unknownImage),
      ],
      default: STATES.fromRequest,
    }),
    imageFrom(STATES.fromBody, '$$.Execution.Input.body', names.notify),
    imageFrom(STATES.fromRequest, '$$.Execution.Input', names.notify),
    new PassState(STATES.unknownImage, { result: { s3_bucket: '', s3_key: '' }, resultPath: '$.image', next: names.notify }),
    snsPublish(names.notify, {
      ...publish,
      subject,
      message: {
        status: 'failed',
        'error.$': '$.error',
        'message.$': '$.message',
        's3_bucket.$': '$.image.s3_bucket',
        's3_key.$': '$.image.s3_key',
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

export { failureStates };
export type { FailureStatesProps };
