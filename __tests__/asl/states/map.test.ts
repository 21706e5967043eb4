import { InvalidStateArgument, MapState, StateGraph, SucceedState } from '../../../asl';

describe('MapState', () => {
  it.each([
    [
      'a tolerated failure percentage over 100',
      () =>
        new MapState('M', {
          itemProcessor: new StateGraph({ startAt: 'S', states: [new SucceedState('S')] }),
          distributed: { executionType: 'EXPRESS', toleratedFailurePercentage: 101 },
          end: true,
        }),
      'ToleratedFailurePercentage: expected an integer from 0 to 100, got: 101',
    ],
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
});

describe('MapState ItemsPath', () => {
  it('takes a reference path: no wildcard', () => {
    const build = () =>
      new MapState('M', { itemsPath: '$.items[*]', itemProcessor: new StateGraph({ states: [new SucceedState('S')] }), end: true });

    expect(build).toThrow(
      new InvalidStateArgument('ItemsPath: a reference path takes a name or an index in brackets, not [*], got: "$.items[*]"'),
    );
  });
});
