import { InvalidStateArgument, ParallelState } from '../../../asl';

describe('ParallelState', () => {
  it.each([
    [
      'a Parallel without branches',
      () => new ParallelState('P', { branches: [], end: true }),
      "Parallel 'P': expected at least one branch",
    ],
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
});
