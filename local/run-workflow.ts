import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import jsonata from 'jsonata';
import { INTEGRATION_RESOURCES } from '../asl/integrations/resources';
import { STATE_PAYLOAD_LIMIT_BYTES, eventPayloadBytes } from './payload-size';
import type { LocalDynamoDb, PutItemRequest } from './local-dynamodb';

const LAMBDA_INVOKE = INTEGRATION_RESOURCES.lambdaInvoke;
const SNS_PUBLISH = INTEGRATION_RESOURCES.snsPublish;
const DYNAMODB_PUT_ITEM = INTEGRATION_RESOURCES.dynamodbPutItem;

/** A stand-in for a function: returns its result, or a promise of it. */
type LocalFunction = (event: unknown) => unknown;

interface PublishedMessage {
  readonly topicArn: string;
  readonly subject: string | undefined;
  /** As SNS delivers it: JSON text when the state passed an object. */
  readonly message: string;
}

interface LocalExecution {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly published: readonly PublishedMessage[];
  readonly events: readonly EventLog[];
}

interface RunWorkflowOptions {
  /** Stand-ins for the functions, by the `FunctionName` the definition passes (an ARN, or a Terraform reference). */
  readonly functions: Readonly<Record<string, LocalFunction>>;
  readonly input: unknown;
  readonly executionName?: string;
  /** The tables dynamodb:putItem tasks write to; such tasks fail with DynamoDB.ResourceNotFoundException without it. */
  readonly dynamodb?: LocalDynamoDb;
  /** `$$.Execution.StartTime`; now when unset. */
  readonly startTime?: Date;
  /** Called for each state entered, exited, retried or caught, as it happens. */
  readonly onEvent?: (event: EventLog) => void;
  /** Makes an sns:publish fail, e.g. with SNS's error for a message over 256 KB; publishes when it returns undefined. */
  readonly rejectPublish?: (message: string) => IntegrationFailure | undefined;
}

type JsonInput = Parameters<StateMachine['run']>[0];
/** aws-local-stepfunctions does not export its event type. */
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;
type TaskDefinition = {
  Type: string;
  Resource?: string;
  QueryLanguage?: string;
  Parameters?: unknown;
  Arguments?: unknown;
  Output?: unknown;
};
type ExecutionContext = Readonly<Record<string, unknown>>;

/** Evaluates `{% ... %}` strings in a JSONata state's field, as Step Functions does, with `$states` bound. */
async function evaluateJsonata(template: unknown, states: Readonly<Record<string, unknown>>): Promise<unknown> {
  if (typeof template === 'string') {
    const match = /^\{%([\s\S]*)%\}$/.exec(template);
    return match === null ? template : jsonata(match[1]!).evaluate({}, { states });
  }
  if (Array.isArray(template)) return Promise.all(template.map((value) => evaluateJsonata(value, states)));
  if (template !== null && typeof template === 'object') {
    const entries = await Promise.all(
      Object.entries(template).map(async ([key, value]) => [key, await evaluateJsonata(value, states)] as const),
    );
    return Object.fromEntries(entries);
  }
  return template;
}

/**
 * A failure as Step Functions reports it, for stand-ins that fail other than a function does: a
 * task timeout (`States.Timeout`, no cause), a service error with a plain-text cause.
 */
class IntegrationFailure extends Error {
  constructor(error: string, cause = '') {
    super(cause);
    this.name = error;
  }
}

/** Lambda's error payload as the lambda:invoke integration puts it in `Cause`. */
function lambdaErrorCause(error: unknown): string {
  const payload = (error as { payload?: unknown }).payload;
  if (payload !== undefined) return JSON.stringify(payload);
  const failure = error instanceof Error ? error : new Error(String(error));
  return JSON.stringify({ errorType: failure.name, errorMessage: failure.message, trace: failure.stack?.split('\n') ?? [] });
}

/** The error the integration raises: named by the function's errorType, with the payload as cause. */
function integrationError(error: unknown): Error {
  if (error instanceof IntegrationFailure) return error;
  const failure = new Error(lambdaErrorCause(error));
  failure.name = error instanceof Error ? error.name : 'Error';
  return failure;
}

function invokeLambda(functions: RunWorkflowOptions['functions']) {
  return async (input: unknown) => {
    const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
    const run = functions[FunctionName];
    if (run === undefined)
      throw Object.assign(new Error(`Function not found: ${FunctionName}`), { name: 'Lambda.ResourceNotFoundException' });
    try {
      return { ExecutedVersion: '$LATEST', StatusCode: 200, Payload: (await run(Payload)) ?? null };
    } catch (error) {
      throw integrationError(error);
    }
  };
}

/** SNS refuses a message over 256 KB. */
const SNS_MAX_MESSAGE_BYTES = 256 * 1024;

function snsLimit(message: string): IntegrationFailure | undefined {
  const bytes = Buffer.byteLength(message);
  return bytes <= SNS_MAX_MESSAGE_BYTES
    ? undefined
    : new IntegrationFailure('SNS.InvalidParameterException', `Invalid parameter: Message too long (${bytes} bytes)`);
}

/** Captures each sns:publish; `onPublished` learns which state published it. */
function publishToCapture(published: PublishedMessage[], reject: RunWorkflowOptions['rejectPublish'], onPublished: () => void = () => {}) {
  return (input: unknown) => {
    const { TopicArn, Message, Subject } = input as { TopicArn: string; Message: unknown; Subject?: string };
    const message = typeof Message === 'string' ? Message : JSON.stringify(Message);
    const rejection = snsLimit(message) ?? reject?.(message);
    if (rejection !== undefined) throw rejection;
    published.push({ topicArn: TopicArn, subject: Subject, message });
    onPublished();
    return { MessageId: `local-${published.length}` };
  };
}

/**
 * dynamodb:putItem against the local tables. aws-local-stepfunctions has no JSONata: for a JSONata
 * state this evaluates its Arguments and Output itself, so the handler receives the state's raw
 * input and returns the state's output.
 */
function putItemLocally(state: TaskDefinition, dynamodb: LocalDynamoDb | undefined, context: ExecutionContext) {
  return async (input: unknown) => {
    const jsonataState = state.QueryLanguage === 'JSONata';
    const request = (jsonataState ? await evaluateJsonata(state.Arguments, { input, context }) : input) as PutItemRequest;
    if (dynamodb === undefined)
      throw Object.assign(new Error(`Requested resource not found: Table: ${request.TableName} not found`), {
        name: 'DynamoDB.ResourceNotFoundException',
      });
    const result = dynamodb.putItem(request);
    return jsonataState ? evaluateJsonata(state.Output ?? '{% $states.result %}', { input, context, result }) : result;
  };
}

interface LocalWorkflow {
  run(options: RunWorkflowOptions): Promise<LocalExecution>;
}

/**
 * Loads an ASL definition into aws-local-stepfunctions once (it validates on load); each run has
 * lambda:invoke tasks call the given local functions, captures sns:publish tasks, and retries at
 * once instead of after the retry interval.
 */
function createLocalWorkflow(definition: string | object): LocalWorkflow {
  const parsed = (typeof definition === 'string' ? JSON.parse(definition) : definition) as StateMachineDefinition & {
    QueryLanguage?: string;
  };
  const tasks = Object.entries(parsed.States as Record<string, TaskDefinition>).filter(([, state]) => state.Type === 'Task');
  const supported = (state: TaskDefinition) =>
    state.Resource === DYNAMODB_PUT_ITEM ||
    ((state.Resource === LAMBDA_INVOKE || state.Resource === SNS_PUBLISH) && (state.QueryLanguage ?? parsed.QueryLanguage) !== 'JSONata');
  const unsupported = tasks.filter(([, state]) => !supported(state)).map(([name]) => name);
  if (unsupported.length > 0) throw new Error(`No local stand-in for the resource of: ${unsupported.join(', ')}`);
  if (parsed.QueryLanguage === 'JSONata')
    throw new Error('aws-local-stepfunctions runs JSONPath definitions only; JSONata is emulated for dynamodb:putItem states alone');
  const stateMachine = new StateMachine(parsed);

  return {
    async run(options) {
      const published: PublishedMessage[] = [];
      const executionName = options.executionName ?? 'local-execution';
      const context = {
        Execution: {
          Id: `arn:aws:states:local:000000000000:execution:workflow:${executionName}`,
          Name: executionName,
          StartTime: (options.startTime ?? new Date()).toISOString(),
          Input: options.input,
        },
      };
      /** The state that published each message, in order, to drop what a real execution would never have sent. */
      const publishedBy: string[] = [];
      const handlerOf = (name: string, state: TaskDefinition) => {
        if (state.Resource === LAMBDA_INVOKE) return invokeLambda(options.functions);
        if (state.Resource === SNS_PUBLISH) return publishToCapture(published, options.rejectPublish, () => publishedBy.push(name));
        return putItemLocally(state, options.dynamodb, context);
      };
      const execution = stateMachine.run(options.input as JsonInput, {
        overrides: {
          taskResourceLocalHandlers: Object.fromEntries(tasks.map(([name, state]) => [name, handlerOf(name, state)])) as never,
          retryIntervalOverrides: Object.fromEntries(tasks.map(([name]) => [name, 0])),
        },
        context: { Execution: { Id: context.Execution.Id, Name: executionName, StartTime: context.Execution.StartTime } },
      });
      const events: EventLog[] = [];
      // Step Functions fails an execution whose state input or output exceeds the quota, where no Catch sees it.
      let overLimit: { readonly cause: string; readonly exitedBefore: ReadonlySet<string> } | undefined;
      const collecting = (async () => {
        for await (const event of execution.eventLogs) {
          const bytes = eventPayloadBytes(event);
          if (overLimit === undefined && bytes > STATE_PAYLOAD_LIMIT_BYTES) {
            const stateName = (event as { state?: { name?: string } }).state?.name ?? '?';
            overLimit = {
              cause: `State '${stateName}' has a ${bytes}-byte payload, over the ${STATE_PAYLOAD_LIMIT_BYTES}-byte quota`,
              exitedBefore: new Set(events.filter((earlier) => earlier.type === 'StateExited').map((earlier) => earlier.state.name)),
            };
          }
          events.push(event);
          options.onEvent?.(event);
        }
      })();

      let result: LocalExecution;
      try {
        const output = await execution.result;
        await collecting;
        result = { status: 'SUCCEEDED', output, published, events };
      } catch (error) {
        await collecting;
        if (!(error instanceof ExecutionError)) throw error;
        const cause = error.cause as Error;
        result = { status: 'FAILED', error: cause.name, cause: cause.message, published, events };
      }
      if (overLimit === undefined) return result;
      return {
        status: 'FAILED',
        error: 'States.DataLimitExceeded',
        cause: overLimit.cause,
        // Only what states that finished before the over-quota payload published: the execution ends there.
        published: published.filter((_, index) => overLimit!.exitedBefore.has(publishedBy[index]!)),
        events,
      };
    },
  };
}

export { createLocalWorkflow, IntegrationFailure };
export type { EventLog, LocalExecution, LocalWorkflow, LocalFunction, PublishedMessage, RunWorkflowOptions };
