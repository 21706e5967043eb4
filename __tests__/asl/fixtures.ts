import {
  ChoiceState,
  Condition,
  FailState,
  InvalidDefinition,
  InvalidStateArgument,
  MapState,
  ParallelState,
  PassState,
  StateGraph,
  StateMachineDefinition,
  SucceedState,
  TaskState,
  WaitState,
  lambdaInvoke,
  snsPublish,
} from '../../asl';
import type { State } from '../../asl';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:work';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:topic';
const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:machine';

/** AWS's recommended retrier of transient errors, as it renders: 3 attempts from 1 s, doubling, with full jitter. */
function renderedTransientRetry(errors: readonly string[]) {
  return { ErrorEquals: errors, IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' };
}

/** A Lambda invoke's default retriers: AWS's recommended one for service errors, then throttled invokes, more often and capped at 8 s. */
const RENDERED_LAMBDA_RETRIES = [
  renderedTransientRetry(['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException']),
  { ...renderedTransientRetry(['Lambda.TooManyRequestsException']), MaxAttempts: 6, MaxDelaySeconds: 8 },
];

/** The statements a Distributed Map's role needs to run and watch child executions of STATE_MACHINE_ARN. */
const CHILD_EXECUTION_STATEMENTS = [
  { actions: ['states:StartExecution'], resources: [STATE_MACHINE_ARN] },
  {
    actions: ['states:DescribeExecution', 'states:StopExecution'],
    resources: ['arn:aws:states:us-east-1:123456789012:execution:machine/*'],
  },
];

/** The problems a definition of these states reports ([] when it renders). */
function problemsOf(startAt: string, states: State[]): readonly string[] {
  try {
    new StateMachineDefinition({ startAt, states }).toJSON();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDefinition);
    return (error as InvalidDefinition).problems;
  }
}

/** A test per case, `[what, build, message]`: building it throws InvalidStateArgument with that message. */
function itThrowsInvalidStateArgument(cases: readonly (readonly [string, () => unknown, string])[]): void {
  it.each(cases)('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
}

/** A JSONPath definition with every state type, every comparison family and both Map modes. */
function jsonPathExample(): StateMachineDefinition {
  return new StateMachineDefinition({
    comment: 'every state type',
    timeoutSeconds: 600,
    startAt: 'Prepare',
    states: [
      new PassState('Prepare', { result: { limit: 3 }, resultPath: '$.config', next: 'Route' }),
      new ChoiceState('Route', {
        choices: [
          {
            condition: Condition.and(
              Condition.compare('$.kind', 'StringEquals', 'batch'),
              Condition.compare('$.count', 'NumericGreaterThanEquals', 1),
              Condition.not(Condition.compare('$.skip', 'IsPresent', true)),
            ),
            next: 'Fan out',
            comment: 'batch',
          },
          {
            condition: Condition.or(
              Condition.compare('$.at', 'TimestampLessThan', '2026-01-01T00:00:00Z'),
              Condition.compare('$.count', 'NumericLessThanPath', '$.config.limit'),
              Condition.compare('$.name', 'StringMatches', 'img-*'),
            ),
            next: 'Pause',
          },
        ],
        default: 'Give up',
      }),
      new WaitState('Pause', { seconds: 5, next: 'Both' }),
      new ParallelState('Both', {
        branches: [
          new StateGraph({ startAt: 'Invoke', states: [lambdaInvoke('Invoke', { functionArn: FUNCTION_ARN, end: true })] }),
          new StateGraph({
            startAt: 'Tell',
            states: [snsPublish('Tell', { topicArn: TOPIC_ARN, message: { 'text.$': '$.name' }, end: true })],
          }),
        ],
        resultSelector: { 'first.$': '$[0]' },
        catch: [{ errorEquals: ['States.ALL'], resultPath: '$.error', next: 'Give up' }],
        next: 'Done',
      }),
      new MapState('Fan out', {
        itemsPath: '$.items',
        maxConcurrency: 2,
        itemProcessor: new StateGraph({ startAt: 'Each', states: [new PassState('Each', { end: true })] }),
        next: 'Distributed',
      }),
      new MapState('Distributed', {
        itemProcessor: new StateGraph({
          startAt: 'Process',
          states: [new TaskState('Process', { resource: FUNCTION_ARN, timeoutSeconds: 30, end: true })],
        }),
        distributed: {
          executionType: 'EXPRESS',
          stateMachineArn: STATE_MACHINE_ARN,
          itemReader: { resource: 'arn:aws:states:::s3:listObjectsV2', request: { JSONPath: { Bucket: 'images', Prefix: 'test/' } } },
          toleratedFailurePercentage: 5,
          toleratedFailureCount: 10,
          label: 'images',
        },
        maxConcurrency: 100,
        next: 'Done',
      }),
      new SucceedState('Done'),
      new FailState('Give up', { error: 'NoRoute', cause: 'nothing matched' }),
    ],
  });
}

function jsonataExample(): StateMachineDefinition {
  return new StateMachineDefinition({
    queryLanguage: 'JSONata',
    startAt: 'Classify',
    states: [
      lambdaInvoke('Classify', {
        queryLanguage: 'JSONata',
        functionArn: FUNCTION_ARN,
        assign: { attempts: '{% 1 %}' },
        catch: [{ errorEquals: ['States.ALL'], output: '{% $states.errorOutput %}', next: 'Failed' }],
        next: 'Confident?',
      }),
      new ChoiceState('Confident?', {
        choices: [{ condition: Condition.jsonata('{% $max($states.input.body.inferences) >= 0.93 %}'), next: 'Done' }],
        default: 'Failed',
      }),
      new SucceedState('Done', { output: '{% $states.input.body %}' }),
      new FailState('Failed', { error: 'ThresholdConfidenceNotMet', cause: '{% "below threshold" %}' }),
    ],
  });
}

export {
  FUNCTION_ARN,
  TOPIC_ARN,
  STATE_MACHINE_ARN,
  RENDERED_LAMBDA_RETRIES,
  renderedTransientRetry,
  CHILD_EXECUTION_STATEMENTS,
  problemsOf,
  itThrowsInvalidStateArgument,
  jsonPathExample,
  jsonataExample,
};
