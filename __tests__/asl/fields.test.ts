import { ChoiceState, Condition, InvalidStateArgument, PassState, SucceedState, TaskState } from '../../asl';
import { FUNCTION_ARN, problemsOf, itThrowsInvalidStateArgument } from './fixtures';

/** A Pass state's props but its transition. */
type PassFields = Omit<ConstructorParameters<typeof PassState>[1], 'next' | 'end'>;

describe('input and output fields', () => {
  it('rejects fields of the other query language', () => {
    const states = [
      new PassState('A', { queryLanguage: 'JSONata', parameters: { x: 1 }, next: 'B' }),
      new TaskState('B', {
        resource: FUNCTION_ARN,
        output: '{% $states.result %}',
        catch: [{ errorEquals: ['States.ALL'], output: {}, next: 'C' }],
        next: 'C',
      }),
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

  it.each<[string, PassFields, string]>([
    ['an InputPath without $', { inputPath: 'body' }, 'InputPath: expected a JSONPath starting with \'$\', got: "body"'],
    [
      'a ResultPath into the context object',
      { resultPath: '$$.Execution' },
      'ResultPath: expected a JSONPath starting with \'$\', got: "$$.Execution"',
    ],
    [
      'a .$ parameter that is not a path',
      { parameters: { 'x.$': 'body' } },
      'Parameters.x.$: expected a JSONPath or intrinsic function for a key ending in \'.$\', got: "body"',
    ],
  ])('throws InvalidStateArgument for %s', (_, fields, message) => {
    expect(() => new PassState('A', { ...fields, end: true })).toThrow(new InvalidStateArgument(message));
  });

  it('throws InvalidStateArgument for an empty state name', () => {
    expect(() => new SucceedState('')).toThrow(new InvalidStateArgument('Expected a state name of 1 to 80 characters, got: ""'));
  });
});

describe('JSONPath syntax', () => {
  it.each<[string, PassFields, string]>([
    ['an unclosed bracket in InputPath', { inputPath: '$.items[' }, 'InputPath: unclosed \'[\', got: "$.items["'],
    ['a dangling dot in InputPath', { inputPath: '$.a.' }, 'InputPath: expected a name after \'.\' at position 4, got: "$.a."'],
    ['an unbalanced filter in InputPath', { inputPath: '$.a[?(@.x > 1]' }, 'InputPath: unbalanced parentheses, got: "$.a[?(@.x > 1]"'],
    [
      'the context object in OutputPath',
      { outputPath: '$$.Execution.Id' },
      'OutputPath: expected a JSONPath starting with \'$\', got: "$$.Execution.Id"',
    ],
    [
      'a wildcard in ResultPath',
      { resultPath: '$.items[*]' },
      'ResultPath: a reference path takes a name or an index in brackets, not [*], got: "$.items[*]"',
    ],
    [
      'a variable in ResultPath',
      { resultPath: '$counter' },
      'ResultPath: expected a path into the state data, not a variable, got: "$counter"',
    ],
    [
      'an unbalanced intrinsic in Parameters',
      { parameters: { 'x.$': 'States.Format(' } },
      'Parameters.x.$: unbalanced parentheses: States.Format( is not closed, got: "States.Format("',
    ],
    [
      'an unknown intrinsic in Parameters',
      { parameters: { 'x.$': 'States.NoSuchFn()' } },
      'Parameters.x.$: unknown intrinsic function States.NoSuchFn, got: "States.NoSuchFn()"',
    ],
    ['a bad path in Assign', { assign: { 'total.$': '$.a[' } }, 'Assign.total.$: unclosed \'[\', got: "$.a["'],
  ])('throws InvalidStateArgument for %s', (_, fields, message) => {
    expect(() => new PassState('A', { ...fields, end: true })).toThrow(new InvalidStateArgument(message));
  });

  itThrowsInvalidStateArgument([
    [
      'a bad path nested in ResultSelector',
      () => new TaskState('T', { resource: FUNCTION_ARN, resultSelector: { a: { 'b.$': '$..' } }, end: true }),
      'ResultSelector.a.b.$: expected a name after \'.\' at position 3, got: "$.."',
    ],
    [
      'a bad intrinsic in a Catch Assign',
      () =>
        new TaskState('T', {
          resource: FUNCTION_ARN,
          catch: [{ errorEquals: ['States.ALL'], assign: { 'x.$': 'States.Format($.a' }, next: 'X' }],
          end: true,
        }),
      'Catch[0].Assign.x.$: unbalanced parentheses: States.Format( is not closed, got: "States.Format($.a"',
    ],
    [
      'a bad intrinsic in a Choice rule Assign',
      () =>
        new ChoiceState('C', {
          choices: [{ condition: Condition.compare('$.ok', 'BooleanEquals', true), assign: { 'x.$': 'States.Nope()' }, next: 'X' }],
          default: 'X',
        }),
      'Choices[0].Assign.x.$: unknown intrinsic function States.Nope, got: "States.Nope()"',
    ],
    [
      'a context path in a Catch ResultPath',
      () =>
        new TaskState('T', {
          resource: FUNCTION_ARN,
          catch: [{ errorEquals: ['States.ALL'], resultPath: '$$.Error', next: 'X' }],
          end: true,
        }),
      'Catch[0].ResultPath: expected a JSONPath starting with \'$\', got: "$$.Error"',
    ],
  ]);

  it('accepts paths, the context object, variables and nested intrinsic functions where ASL allows them', () => {
    const state = new PassState('A', {
      inputPath: "$$.Execution.Input['detail-type']",
      parameters: {
        'id.$': '$$.Execution.Id',
        'first.$': '$.items[0].name',
        'some.$': '$.items[?(@.size > 10)].key',
        'slice.$': '$.items[1:3]',
        'all.$': '$..key',
        'count.$': '$counter',
        'text.$': "States.Format('{} of {}: it\\'s {}', $.n, States.ArrayLength($.items), $$.Execution.Name)",
        'id2.$': 'States.UUID()',
        'sum.$': 'States.MathAdd($.n, -1)',
      },
      resultPath: "$.result['raw'][2]",
      outputPath: '$.result',
      assign: { 'seen.$': 'States.ArrayUnique($.keys)', fixed: 'not a path' },
      end: true,
    });

    expect(state.render()).toMatchObject({
      InputPath: "$$.Execution.Input['detail-type']",
      ResultPath: "$.result['raw'][2]",
      OutputPath: '$.result',
    });
  });
});
