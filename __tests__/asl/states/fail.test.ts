import { FailState, InvalidStateArgument } from '../../../asl';

describe('FailState', () => {
  it.each([
    ['a Fail with Error and ErrorPath', () => new FailState('F', { error: 'E', errorPath: '$.e' }), 'Fail: expected at most one of error and errorPath'],
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
});
