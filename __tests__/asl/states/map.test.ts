import { InvalidStateArgument, MapState, StateGraph, SucceedState } from '../../../asl';
import { itThrowsInvalidStateArgument } from '../fixtures';

describe('MapState', () => {
  itThrowsInvalidStateArgument([
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
  ]);
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

describe('MapState input', () => {
  it("takes its iterations' input from ItemSelector only: a Map neither accepts nor renders Parameters or Arguments", () => {
    const itemProcessor = new StateGraph({ states: [new SucceedState('S')] });

    // @ts-expect-error A Map state has no Arguments (JSONata) ...
    const withArguments = new MapState('M', { itemProcessor, arguments: { a: 1 }, end: true });
    // @ts-expect-error ... and no Parameters (JSONPath).
    const withParameters = new MapState('M', { itemProcessor, parameters: { a: 1 }, end: true });

    expect([withArguments, withParameters].map((map) => map.render())).toStrictEqual([
      { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'S', States: { S: { Type: 'Succeed' } } }, End: true },
      { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'S', States: { S: { Type: 'Succeed' } } }, End: true },
    ]);
  });
});
