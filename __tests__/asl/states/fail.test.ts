import { FailState, StateMachineDefinition } from '../../../asl';
import { problemsOf, itThrowsInvalidStateArgument } from '../fixtures';

describe('FailState', () => {
  itThrowsInvalidStateArgument([
    [
      'a Fail with Error and ErrorPath',
      () => new FailState('F', { error: 'E', errorPath: '$.e' }),
      'Fail: expected at most one of error and errorPath',
    ],
    [
      'a CausePath that is neither a path nor a function',
      () => new FailState('F', { causePath: 'cause' }),
      'CausePath: expected a JSONPath or intrinsic function, got: "cause"',
    ],
    [
      'an unbalanced intrinsic in CausePath',
      () => new FailState('F', { causePath: "States.Format('{}', $.a" }),
      'CausePath: unbalanced parentheses: States.Format( is not closed, got: "States.Format(\'{}\', $.a"',
    ],
    ['a bad ErrorPath', () => new FailState('F', { errorPath: '$.error[' }), 'ErrorPath: unclosed \'[\', got: "$.error["'],
    [
      'an unclosed JSONata Cause',
      () => new FailState('F', { cause: '{% $states.input.Cause' }),
      'Cause: expected a JSONata expression in {% ... %}, got: "{% $states.input.Cause"',
    ],
  ]);

  it('takes a path into the context object or an intrinsic function as ErrorPath and CausePath', () => {
    const state = new FailState('F', { errorPath: '$$.Execution.Input.error', causePath: "States.Format('failed: {}', $.Cause)" });

    expect(state.render()).toStrictEqual({
      Type: 'Fail',
      ErrorPath: '$$.Execution.Input.error',
      CausePath: "States.Format('failed: {}', $.Cause)",
    });
  });

  it('takes Error and Cause expressions in JSONata states, and reports them in JSONPath ones, where they would be literal text', () => {
    const failed = () => new FailState('F', { error: '{% $states.input.Error %}', cause: '{% "failed: " & $states.input.Cause %}' });

    expect(new StateMachineDefinition({ queryLanguage: 'JSONata', states: [failed()] }).toJSON().States).toStrictEqual({
      F: { Type: 'Fail', Error: '{% $states.input.Error %}', Cause: '{% "failed: " & $states.input.Cause %}' },
    });
    expect(problemsOf('F', [failed()])).toStrictEqual([
      "State 'F' uses a JSONata Error or Cause expression, which JSONPath states cannot have (use ErrorPath, CausePath)",
    ]);
  });
});
