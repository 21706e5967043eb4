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
} from '../../asl';
import type { NextOrEnd, State } from '../../asl';

const RESOURCE = 'arn:aws:lambda:us-east-1:123456789012:function:work';

function problemsOf(startAt: string, states: State[]): readonly string[] {
  try {
    new StateMachineDefinition({ startAt, states }).toJSON();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDefinition);
    return (error as InvalidDefinition).problems;
  }
}

describe('whole-definition validation', () => {
  it('accepts a well-formed definition', () => {
    expect(problemsOf('A', [new PassState('A', { next: 'B' }), new SucceedState('B')])).toStrictEqual([]);
  });

  it('rejects a Next target that does not exist', () => {
    expect(problemsOf('A', [new PassState('A', { next: 'Missing' }), new SucceedState('B')])).toStrictEqual([
      "State 'A' has next target 'Missing', which is not a state of this graph",
      "Unreachable from 'A': 'B'",
    ]);
  });

  it('rejects a Default and a Catch target that do not exist', () => {
    const states = [
      new ChoiceState('Pick', {
        choices: [{ condition: Condition.compare('$.n', 'NumericEquals', 1), next: 'Work' }],
        default: 'Nowhere',
      }),
      new TaskState('Work', { resource: RESOURCE, catch: [{ errorEquals: ['States.ALL'], next: 'Gone' }], end: true }),
    ];

    expect(problemsOf('Pick', states)).toStrictEqual([
      "State 'Pick' has default target 'Nowhere', which is not a state of this graph",
      "State 'Work' has catch target 'Gone', which is not a state of this graph",
    ]);
  });

  it('rejects duplicate state names, also across nested graphs', () => {
    const branch = new StateGraph({ startAt: 'A', states: [new SucceedState('A')] });
    const states = [new ParallelState('P', { branches: [branch], next: 'A' }), new SucceedState('A')];

    expect(problemsOf('P', states)).toStrictEqual(["State name 'A' is used more than once"]);
  });

  it('rejects unreachable states, naming each', () => {
    const states = [new SucceedState('A'), new PassState('Orphan', { next: 'Other orphan' }), new SucceedState('Other orphan')];

    expect(problemsOf('A', states)).toStrictEqual(["Unreachable from 'A': 'Orphan', 'Other orphan'"]);
  });

  it('rejects a non-terminal state with no way on (as plain JavaScript could build it)', () => {
    const noWayOn = {} as NextOrEnd;

    expect(problemsOf('A', [new PassState('A', noWayOn), new SucceedState('B')])).toContain(
      "State 'A' has neither Next nor End: it has no way on",
    );
  });

  it('rejects a Choice without a Default or without rules', () => {
    const withoutDefault = { choices: [{ condition: Condition.compare('$.ok', 'BooleanEquals', true), next: 'Done' }] } as never;
    const states = [
      new ChoiceState('Pick', withoutDefault),
      new ChoiceState('Empty', { choices: [], default: 'Done' }),
      new SucceedState('Done'),
    ];

    expect(problemsOf('Pick', states)).toStrictEqual([
      "Choice state 'Pick' has no Default: an input that matches no rule would fail with States.NoChoiceMatched",
      "Choice state 'Empty' has no rules",
      "Unreachable from 'Pick': 'Empty'",
    ]);
  });

  it('rejects States.ALL that is not last or not alone', () => {
    const states = [
      new TaskState('Work', {
        resource: RESOURCE,
        retry: [{ errorEquals: ['States.ALL'] }, { errorEquals: ['Lambda.ServiceException'] }],
        catch: [{ errorEquals: ['States.ALL', 'Custom'], next: 'Done' }],
        next: 'Done',
      }),
      new SucceedState('Done'),
    ];

    expect(problemsOf('Work', states)).toStrictEqual([
      "State 'Work' Retry[0] uses States.ALL but is not the last entry",
      "State 'Work' Catch[0] lists States.ALL with other errors; it must stand alone",
    ]);
  });

  it('rejects fields of the other query language', () => {
    const states = [
      new PassState('A', { queryLanguage: 'JSONata', parameters: { x: 1 }, next: 'B' }),
      new TaskState('B', { resource: RESOURCE, output: '{% $states.result %}', catch: [{ errorEquals: ['States.ALL'], output: {}, next: 'C' }], next: 'C' }),
      new ChoiceState('C', { choices: [{ condition: Condition.jsonata('{% $states.input.ok %}'), next: 'D' }], default: 'D' }),
      new SucceedState('D'),
    ];

    expect(problemsOf('A', states)).toStrictEqual([
      "State 'A' uses Parameters, which JSONata states cannot have",
      "State 'B' uses Output, which JSONPath states cannot have",
      "State 'B' Catch[0] uses Output, which JSONPath states cannot have",
      "Choice state 'C' rule 1 is not a JSONPath condition",
    ]);
  });

  it('checks nested graphs: their own targets, reachability and terminal state', () => {
    const items = new StateGraph({ startAt: 'Item', states: [new PassState('Item', { next: 'Elsewhere' })] });
    const states = [new MapState('Each', { itemProcessor: items, next: 'Done' }), new SucceedState('Done')];

    expect(problemsOf('Each', states)).toStrictEqual([
      "State 'Item' has next target 'Elsewhere', which is not a state of this graph",
      "The graph starting at 'Item' has no terminal state",
    ]);
  });

  it('lists every problem at once in the error message', () => {
    const definition = new StateMachineDefinition({
      startAt: 'Start',
      states: [new PassState('A', { next: 'B' }), new PassState('A', { end: true })],
    });

    expect(() => definition.render()).toThrow(
      new InvalidDefinition([
        "State name 'A' is used more than once",
        "StartAt 'Start' is not a state of this graph",
        "State 'A' has next target 'B', which is not a state of this graph",
      ]),
    );
    expect(() => definition.render()).toThrow(
      "Invalid state machine definition (3 problems):\n- State name 'A' is used more than once\n- StartAt 'Start' is not a state of this graph\n- State 'A' has next target 'B', which is not a state of this graph",
    );
  });
});

describe('argument validation at the call', () => {
  it.each([
    ['an InputPath without $', () => new PassState('A', { inputPath: 'body', end: true }), "InputPath: expected a JSONPath starting with '$', got: \"body\""],
    ['a ResultPath into the context object', () => new PassState('A', { resultPath: '$$.Execution', end: true }), "ResultPath: expected a JSONPath starting with '$', got: \"$$.Execution\""],
    ['a .$ parameter that is not a path', () => new PassState('A', { parameters: { 'x.$': 'body' }, end: true }), "Parameters.x.$: expected a JSONPath or intrinsic function for a key ending in '.$', got: \"body\""],
    ['an empty state name', () => new SucceedState(''), 'Expected a state name of 1 to 80 characters, got: ""'],
    ['a zero task timeout', () => new TaskState('T', { resource: RESOURCE, timeoutSeconds: 0, end: true }), 'TimeoutSeconds: expected an integer from 1 to 99999999, got: 0'],
    ['a heartbeat not below the timeout', () => new TaskState('T', { resource: RESOURCE, timeoutSeconds: 10, heartbeatSeconds: 10, end: true }), 'HeartbeatSeconds: expected an integer from 1 to 9, got: 10'],
    ['a backoff rate below 1', () => new TaskState('T', { resource: RESOURCE, retry: [{ errorEquals: ['X'], backoffRate: 0.5 }], end: true }), 'Retry[0].BackoffRate: expected a number of at least 1.0, got: 0.5'],
    ['an empty ErrorEquals', () => new TaskState('T', { resource: RESOURCE, catch: [{ errorEquals: [], next: 'X' }], end: true }), 'Catch[0].ErrorEquals: expected at least one non-empty error name, got: []'],
    ['two wait durations', () => new WaitState('W', { seconds: 5, timestamp: '2026-01-01T00:00:00Z', end: true } as never), 'Wait: expected exactly one of seconds, timestamp, secondsPath, timestampPath, got: seconds, timestamp'],
    ['a bad timestamp', () => new WaitState('W', { timestamp: 'tomorrow', end: true }), 'Timestamp: expected an RFC 3339 timestamp, got: "tomorrow"'],
    ['a Fail with Error and ErrorPath', () => new FailState('F', { error: 'E', errorPath: '$.e' }), 'Fail: expected at most one of error and errorPath'],
    ['a numeric comparison with a string', () => Condition.compare('$.n', 'NumericEquals', '1' as never), 'NumericEquals: expected a number operand, got: "1"'],
    ['a path comparison without $', () => Condition.compare('$.n', 'NumericEqualsPath', 'limit'), "NumericEqualsPath: expected a JSONPath starting with '$' operand, got: \"limit\""],
    ['an empty And', () => Condition.and(), 'And: expected at least one condition'],
    ['a JSONata condition without braces', () => Condition.jsonata('$states.input.ok'), 'Condition: expected a JSONata expression in {% ... %}, got: "$states.input.ok"'],
    ['a tolerated failure percentage over 100', () => new MapState('M', { itemProcessor: new StateGraph({ startAt: 'S', states: [new SucceedState('S')] }), distributed: { executionType: 'EXPRESS', toleratedFailurePercentage: 101 }, end: true }), 'ToleratedFailurePercentage: expected an integer from 0 to 100, got: 101'],
    ['a Parallel without branches', () => new ParallelState('P', { branches: [], end: true }), "Parallel 'P': expected at least one branch"],
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
});
