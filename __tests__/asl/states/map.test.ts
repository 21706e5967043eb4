import { InvalidStateArgument, MapState, StateGraph, SucceedState } from '../../../asl';

describe('MapState', () => {
  it.each([
    ['a tolerated failure percentage over 100', () => new MapState('M', { itemProcessor: new StateGraph({ startAt: 'S', states: [new SucceedState('S')] }), distributed: { executionType: 'EXPRESS', toleratedFailurePercentage: 101 }, end: true }), 'ToleratedFailurePercentage: expected an integer from 0 to 100, got: 101'],
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
});
