import { FailState, InvalidStateArgument } from '../../../asl';

describe('FailState', () => {
  it.each([
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
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });

  it('takes a path into the context object or an intrinsic function as ErrorPath and CausePath', () => {
    const state = new FailState('F', { errorPath: '$$.Execution.Input.error', causePath: "States.Format('failed: {}', $.Cause)" });

    expect(state.render()).toStrictEqual({
      Type: 'Fail',
      ErrorPath: '$$.Execution.Input.error',
      CausePath: "States.Format('failed: {}', $.Cause)",
    });
  });
});
