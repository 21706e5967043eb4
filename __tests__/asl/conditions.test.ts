import { Condition, InvalidStateArgument } from '../../asl';
import { itThrowsInvalidStateArgument } from './fixtures';

describe('Condition', () => {
  itThrowsInvalidStateArgument([
    [
      'a numeric comparison with a string',
      () => Condition.compare('$.n', 'NumericEquals', '1' as never),
      'NumericEquals: expected a number operand, got: "1"',
    ],
    [
      'a path comparison without $',
      () => Condition.compare('$.n', 'NumericEqualsPath', 'limit'),
      'NumericEqualsPath: expected a JSONPath starting with \'$\' operand, got: "limit"',
    ],
    ['an empty And', () => Condition.and(), 'And: expected at least one condition'],
    [
      'a JSONata condition without braces',
      () => Condition.jsonata('$states.input.ok'),
      'Condition: expected a JSONata expression in {% ... %}, got: "$states.input.ok"',
    ],
  ]);
});

describe('Condition operands', () => {
  itThrowsInvalidStateArgument([
    ['an unclosed bracket in Variable', () => Condition.compare('$.a[', 'IsPresent', true), 'Variable: unclosed \'[\', got: "$.a["'],
    [
      'an unbalanced filter in a path operand',
      () => Condition.compare('$.a', 'NumericEqualsPath', '$.b[?(@.c'),
      'NumericEqualsPath: unbalanced parentheses, got: "$.b[?(@.c"',
    ],
  ]);

  it.each([
    ['30 February', 'TimestampEquals', '2026-02-30T00:00:00Z'],
    ['month 13', 'TimestampLessThan', '2026-13-01T00:00:00Z'],
    ['hour 25', 'TimestampGreaterThan', '2026-01-01T25:00:00Z'],
  ] as const)('throws InvalidStateArgument for %s in a timestamp operand', (_, operator, timestamp) => {
    expect(() => Condition.compare('$.at', operator, timestamp)).toThrow(
      new InvalidStateArgument(`${operator}: expected a timestamp operand, got: "${timestamp}"`),
    );
  });

  it('accepts a leap day, an offset, the context object and a variable', () => {
    expect(Condition.compare('$.at', 'TimestampEquals', '2028-02-29T23:59:59.5+05:30').json).toStrictEqual({
      Variable: '$.at',
      TimestampEquals: '2028-02-29T23:59:59.5+05:30',
    });
    expect(Condition.compare('$$.Execution.StartTime', 'TimestampLessThanPath', '$deadline').json).toStrictEqual({
      Variable: '$$.Execution.StartTime',
      TimestampLessThanPath: '$deadline',
    });
  });
});
