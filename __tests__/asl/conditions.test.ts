import { Condition, InvalidStateArgument } from '../../asl';

describe('Condition', () => {
  it.each([
    ['a numeric comparison with a string', () => Condition.compare('$.n', 'NumericEquals', '1' as never), 'NumericEquals: expected a number operand, got: "1"'],
    ['a path comparison without $', () => Condition.compare('$.n', 'NumericEqualsPath', 'limit'), "NumericEqualsPath: expected a JSONPath starting with '$' operand, got: \"limit\""],
    ['an empty And', () => Condition.and(), 'And: expected at least one condition'],
    ['a JSONata condition without braces', () => Condition.jsonata('$states.input.ok'), 'Condition: expected a JSONata expression in {% ... %}, got: "$states.input.ok"'],
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
});
