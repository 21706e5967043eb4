import {
  ChoiceState,
  Condition,
  FailState,
  MapState,
  PassState,
  StateGraph,
  StateMachineDefinition,
  SucceedState,
  TaskState,
  WaitState,
  deployTimeNumber,
  worstCaseDurationSeconds,
} from '../../asl';
import type { State } from '../../asl';
import { FUNCTION_ARN } from './fixtures';

function worstCaseOf(states: State[]): number {
  return worstCaseDurationSeconds(new StateMachineDefinition({ states }).toJSON());
}

describe('worstCaseDurationSeconds', () => {
  it("counts every attempt of a Task's retriers at its timeout, and each wait at its cap", () => {
    const task = new TaskState('Work', {
      resource: FUNCTION_ARN,
      timeoutSeconds: 10,
      // 2 retries after 2 and min(6, 5) s; then AWS's defaults: 3 retries after 1, 2 and 4 s.
      retry: [
        { errorEquals: ['Slow'], intervalSeconds: 2, maxAttempts: 2, backoffRate: 3, maxDelaySeconds: 5 },
        { errorEquals: ['Other'] },
      ],
      end: true,
    });

    expect(worstCaseOf([task])).toBe((1 + 2 + 3) * 10 + (2 + 5) + (1 + 2 + 4));
  });

  it('takes the longest path through Choice rules, the Default and Catch targets', () => {
    const states = [
      new ChoiceState('Pick', {
        choices: [
          { condition: Condition.compare('$.fast', 'BooleanEquals', true), next: 'Short' },
          { condition: Condition.compare('$.slow', 'BooleanEquals', true), next: 'Work' },
        ],
        default: 'Done',
      }),
      new WaitState('Short', { seconds: 5, next: 'Done' }),
      new TaskState('Work', {
        resource: FUNCTION_ARN,
        timeoutSeconds: 10,
        catch: [{ errorEquals: ['States.ALL'], next: 'Cool down' }],
        next: 'Done',
      }),
      new WaitState('Cool down', { seconds: 100, next: 'Failed' }),
      new SucceedState('Done'),
      new FailState('Failed'),
    ];

    expect(worstCaseOf(states)).toBe(110);
  });

  it("bounds a graph's rendering as well (StartAt and States)", () => {
    const graph = new StateGraph({ states: [new WaitState('Pause', { seconds: 7, next: 'Done' }), new PassState('Done', { end: true })] });

    expect(worstCaseDurationSeconds(graph.render())).toBe(7);
  });

  it.each([
    [
      'a loop',
      [
        new WaitState('Again', { seconds: 1, next: 'Check' }),
        new ChoiceState('Check', {
          choices: [{ condition: Condition.compare('$.done', 'BooleanEquals', false), next: 'Again' }],
          default: 'End',
        }),
        new SucceedState('End'),
      ],
      "State 'Again' is on a loop: the execution's duration has no bound",
    ],
    [
      'a Task without a timeout',
      [new TaskState('Work', { resource: FUNCTION_ARN, end: true })],
      "Task 'Work' has no TimeoutSeconds: its duration has no bound",
    ],
    [
      'a timeout known only at deploy time',
      [new TaskState('Work', { resource: FUNCTION_ARN, timeoutSeconds: deployTimeNumber(-1.8881545897087626e289), end: true })],
      "Task 'Work' has TimeoutSeconds -1.8881545897087626e+289, known only at deploy or run time: its duration has no bound",
    ],
    [
      'a wait read from the input',
      [new WaitState('Pause', { secondsPath: '$.wait', end: true })],
      "Wait 'Pause' waits for a time read from its input: its duration has no bound",
    ],
    [
      'a Map',
      [new MapState('Each', { itemProcessor: new StateGraph({ states: [new SucceedState('Item')] }), end: true })],
      "State 'Each' is a Map, whose duration this analysis does not bound",
    ],
  ])('throws for %s', (_, states, message) => {
    expect(() => worstCaseOf(states as State[])).toThrow(new Error(message));
  });

  it('throws for a timeout evaluated at run time by a JSONata expression', () => {
    const definition = new StateMachineDefinition({
      queryLanguage: 'JSONata',
      states: [new TaskState('Work', { resource: FUNCTION_ARN, timeoutExpression: '{% $states.input.timeout %}', end: true })],
    });

    expect(() => worstCaseDurationSeconds(definition.toJSON())).toThrow(
      new Error(
        `Task 'Work' has TimeoutSeconds "{% $states.input.timeout %}", known only at deploy or run time: its duration has no bound`,
      ),
    );
  });
});
