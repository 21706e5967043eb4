import { PassState, SucceedState } from '../../../asl';
import type { NextOrEnd } from '../../../asl';
import { problemsOf } from '../fixtures';

describe('PassState', () => {
  it('rejects a non-terminal state with no way on (as plain JavaScript could build it)', () => {
    const noWayOn = {} as NextOrEnd;

    expect(problemsOf('A', [new PassState('A', noWayOn), new SucceedState('B')])).toContain(
      "State 'A' has neither Next nor End: it has no way on",
    );
  });
});
