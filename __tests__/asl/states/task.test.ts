import { InvalidStateArgument, StateMachineDefinition, TaskState } from '../../../asl';
import { FUNCTION_ARN, problemsOf, itThrowsInvalidStateArgument } from '../fixtures';

describe('TaskState', () => {
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

  itThrowsInvalidStateArgument([
    [
      'a zero task timeout',
      () => new TaskState('T', { resource: FUNCTION_ARN, timeoutSeconds: 0, end: true }),
      'TimeoutSeconds: expected an integer from 1 to 99999999, got: 0',
    ],
    [
      'a heartbeat not below the timeout',
      () => new TaskState('T', { resource: FUNCTION_ARN, timeoutSeconds: 10, heartbeatSeconds: 10, end: true }),
      'HeartbeatSeconds: expected an integer from 1 to 9, got: 10',
    ],
  ]);
});

describe('TaskState resource and language', () => {
  it.each([
    ['a function name', 'work'],
    ['an ARN without a service', 'arn:aws'],
    ['an empty string', ''],
  ])('throws InvalidStateArgument for a resource that is %s', (_, resource) => {
    expect(() => new TaskState('T', { resource, end: true })).toThrow(
      new InvalidStateArgument(`Resource: expected an ARN (arn:partition:service:...) or a CDKTF token, got: ${JSON.stringify(resource)}`),
    );
  });

  it.each([
    ['a whole CDKTF token', '${TfToken[TOKEN.123]}'],
    ['an ARN built around a token', 'arn:${TfToken[TOKEN.7]}:states:::lambda:invoke'],
    ['a service integration', 'arn:aws:states:::sqs:sendMessage'],
  ])('accepts %s as the resource', (_, resource) => {
    expect(new TaskState('T', { resource, end: true }).render()).toStrictEqual({ Type: 'Task', Resource: resource, End: true });
  });

  it('rejects a JSONata TimeoutSeconds expression in a JSONPath state, and accepts it in a JSONata one', () => {
    const task = new TaskState('T', { resource: FUNCTION_ARN, timeoutExpression: '{% $states.input.timeout %}', end: true });

    expect(problemsOf('T', [task])).toStrictEqual([
      "State 'T' uses a JSONata TimeoutSeconds expression, which JSONPath states cannot have",
    ]);
    expect(new StateMachineDefinition({ queryLanguage: 'JSONata', states: [task] }).toJSON().States).toStrictEqual({
      T: { Type: 'Task', Resource: FUNCTION_ARN, TimeoutSeconds: '{% $states.input.timeout %}', End: true },
    });
  });
});
