import { ChoiceState, Condition, InvalidStateArgument, PassState, SucceedState, TaskState } from '../../asl';
import { FUNCTION_ARN, problemsOf } from './fixtures';

describe('input and output fields', () => {
  it('rejects fields of the other query language', () => {
    const states = [
      new PassState('A', { queryLanguage: 'JSONata', parameters: { x: 1 }, next: 'B' }),
      new TaskState('B', { resource: FUNCTION_ARN, output: '{% $states.result %}', catch: [{ errorEquals: ['States.ALL'], output: {}, next: 'C' }], next: 'C' }),
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

  it.each([
    ['an InputPath without $', () => new PassState('A', { inputPath: 'body', end: true }), "InputPath: expected a JSONPath starting with '$', got: \"body\""],
    ['a ResultPath into the context object', () => new PassState('A', { resultPath: '$$.Execution', end: true }), "ResultPath: expected a JSONPath starting with '$', got: \"$$.Execution\""],
    ['a .$ parameter that is not a path', () => new PassState('A', { parameters: { 'x.$': 'body' }, end: true }), "Parameters.x.$: expected a JSONPath or intrinsic function for a key ending in '.$', got: \"body\""],
    ['an empty state name', () => new SucceedState(''), 'Expected a state name of 1 to 80 characters, got: ""'],
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
});
