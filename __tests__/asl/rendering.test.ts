import {
  ChoiceState,
  Condition,
  FailState,
  MapState,
  ParallelState,
  PassState,
  StateGraph,
  StateMachineDefinition,
  SucceedState,
  TaskState,
  WaitState,
  lambdaInvoke,
  renderMermaid,
  snsPublish,
} from '../../asl';
import { aslValidationErrors } from '../helpers/asl-validator';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:work';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:topic';

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
          new StateGraph({ startAt: 'Tell', states: [snsPublish('Tell', { topicArn: TOPIC_ARN, message: { 'text.$': '$.name' }, end: true })] }),
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
          itemReader: { resource: 'arn:aws:states:::s3:listObjectsV2', parameters: { Bucket: 'images', Prefix: 'test/' } },
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

describe('rendering', () => {
  it.each([
    ['JSONPath', jsonPathExample],
    ['JSONata', jsonataExample],
  ])('renders a %s definition that asl-validator accepts', (_, build) => {
    expect(aslValidationErrors(build().render())).toBe('');
  });

  it('gives byte-identical JSON for the same builder calls', () => {
    expect(jsonPathExample().render()).toBe(jsonPathExample().render());
  });

  it('renders fields in ASL order whatever the order of the props', () => {
    const a = new TaskState('T', { resource: FUNCTION_ARN, next: 'X', timeoutSeconds: 5, comment: 'c', resultPath: '$.r' });
    const b = new TaskState('T', { comment: 'c', resultPath: '$.r', timeoutSeconds: 5, resource: FUNCTION_ARN, next: 'X' });

    expect(JSON.stringify(a.render())).toBe(JSON.stringify(b.render()));
    expect(Object.keys(a.render())).toStrictEqual(['Type', 'Comment', 'Resource', 'TimeoutSeconds', 'ResultPath', 'Next']);
  });

  it('drops empty lists and unset fields', () => {
    expect(new TaskState('T', { resource: FUNCTION_ARN, retry: [], catch: [], end: true }).render()).toStrictEqual({
      Type: 'Task',
      Resource: FUNCTION_ARN,
      End: true,
    });
  });

  it('renders the Lambda invoke helper with its payload selection and AWS recommended retry', () => {
    expect(lambdaInvoke('Invoke', { functionArn: FUNCTION_ARN, next: 'X' }).render()).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Retry: [
        {
          ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
          IntervalSeconds: 1,
          MaxAttempts: 3,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
      ],
      Next: 'X',
    });
  });

  it('passes resource strings such as CDKTF tokens through untouched', () => {
    const token = '${TfToken[TOKEN.42]}';

    const rendered = lambdaInvoke('Invoke', { functionArn: token, end: true }).render();

    expect(rendered.Parameters).toStrictEqual({ FunctionName: token, 'Payload.$': '$' });
  });
});

describe('permissions', () => {
  it('collects what each task declares, nested states included, merged by action', () => {
    const definition = new StateMachineDefinition({
      startAt: 'One',
      states: [
        lambdaInvoke('One', { functionArn: 'arn:one', next: 'Both' }),
        new ParallelState('Both', {
          branches: [
            new StateGraph({ startAt: 'Two', states: [lambdaInvoke('Two', { functionArn: 'arn:two', end: true })] }),
            new StateGraph({ startAt: 'Tell', states: [snsPublish('Tell', { topicArn: 'arn:topic', message: 'hi', end: true })] }),
          ],
          end: true,
        }),
      ],
    });

    expect(definition.permissions()).toStrictEqual([
      { actions: ['lambda:InvokeFunction'], resources: ['arn:one', 'arn:one:*', 'arn:two', 'arn:two:*'] },
      { actions: ['sns:Publish'], resources: ['arn:topic'] },
    ]);
  });
});

describe('renderMermaid', () => {
  it('keeps labels inside their quotes when a state name has double quotes', () => {
    const definition = new StateMachineDefinition({ startAt: 'Say "hi"', states: [new SucceedState('Say "hi"')] });

    expect(renderMermaid(definition)).toBe('flowchart TD\n  start((Start)) --> s0\n  s0(["Say \'hi\'"])\n');
  });

  it('draws states, transitions, choice labels, catch edges and nested graphs', () => {
    const diagram = renderMermaid(jsonPathExample());

    expect(diagram.split('\n')).toEqual(
      expect.arrayContaining([
        'flowchart TD',
        '  start((Start)) --> s0',
        '  s0("Prepare")',
        '  s1{"Route"}',
        '  s1 -->|"batch"| s6',
        '  s1 -->|"rule 2"| s2',
        '  s1 -->|"default"| s11',
        '  s3[["Both"]]',
        '  subgraph s3_0 ["Both branch 1"]',
        '    s4["Invoke"]',
        '  s3 -.-> s4',
        '  s3 -.->|"States.ALL"| s11',
        '  s10(["Done"])',
        '  class s11 failure',
      ]),
    );
  });
});
