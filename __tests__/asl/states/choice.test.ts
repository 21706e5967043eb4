import { ChoiceState, Condition, SucceedState } from '../../../asl';
import { problemsOf } from '../fixtures';

describe('ChoiceState', () => {
  it('rejects a Choice without a Default or without rules', () => {
    const withoutDefault = { choices: [{ condition: Condition.compare('$.ok', 'BooleanEquals', true), next: 'Done' }] } as never;
    const states = [
      new ChoiceState('Pick', withoutDefault),
      new ChoiceState('Empty', { choices: [], default: 'Done' }),
      new SucceedState('Done'),
    ];

    expect(problemsOf('Pick', states)).toStrictEqual([
      "Choice state 'Pick' has no Default: an input that matches no rule would fail with States.NoChoiceMatched",
      "Choice state 'Empty' has no rules",
      "Unreachable from 'Pick': 'Empty'",
    ]);
  });
});
