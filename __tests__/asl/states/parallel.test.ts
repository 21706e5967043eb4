import { ParallelState } from '../../../asl';
import { itThrowsInvalidStateArgument } from '../fixtures';

describe('ParallelState', () => {
  itThrowsInvalidStateArgument([
    [
      'a Parallel without branches',
      () => new ParallelState('P', { branches: [], end: true }),
      "Parallel 'P': expected at least one branch",
    ],
  ]);
});
