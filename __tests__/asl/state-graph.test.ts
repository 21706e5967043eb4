import { ChoiceState, Condition, MapState, ParallelState, PassState, StateGraph, SucceedState, TaskState } from '../../asl';
import { FUNCTION_ARN, problemsOf } from './fixtures';

describe('StateGraph problems', () => {
  it('accepts a well-formed definition', () => {
    expect(problemsOf('A', [new PassState('A', { next: 'B' }), new SucceedState('B')])).toStrictEqual([]);
  });

  it('rejects a Next target that does not exist', () => {
    expect(problemsOf('A', [new PassState('A', { next: 'Missing' }), new SucceedState('B')])).toStrictEqual([
      "State 'A' has next target 'Missing', which is not a state of this graph",
      "Unreachable from 'A': 'B'",
    ]);
  });

  it('rejects a Default and a Catch target that do not exist', () => {
    const states = [
      new ChoiceState('Pick', {
        choices: [{ condition: Condition.compare('$.n', 'NumericEquals', 1), next: 'Work' }],
        default: 'Nowhere',
      }),
      new TaskState('Work', { resource: FUNCTION_ARN, catch: [{ errorEquals: ['States.ALL'], next: 'Gone' }], end: true }),
    ];

    expect(problemsOf('Pick', states)).toStrictEqual([
      "State 'Pick' has default target 'Nowhere', which is not a state of this graph",
      "State 'Work' has catch target 'Gone', which is not a state of this graph",
    ]);
  });

  it('rejects duplicate state names, also across nested graphs', () => {
    const branch = new StateGraph({ startAt: 'A', states: [new SucceedState('A')] });
    const states = [new ParallelState('P', { branches: [branch], next: 'A' }), new SucceedState('A')];

    expect(problemsOf('P', states)).toStrictEqual(["State name 'A' is used more than once"]);
  });

  it('rejects unreachable states, naming each', () => {
    const states = [new SucceedState('A'), new PassState('Orphan', { next: 'Other orphan' }), new SucceedState('Other orphan')];

    expect(problemsOf('A', states)).toStrictEqual(["Unreachable from 'A': 'Orphan', 'Other orphan'"]);
  });

  it('checks nested graphs: their own targets, reachability and terminal state', () => {
    const items = new StateGraph({ startAt: 'Item', states: [new PassState('Item', { next: 'Elsewhere' })] });
    const states = [new MapState('Each', { itemProcessor: items, next: 'Done' }), new SucceedState('Done')];

    expect(problemsOf('Each', states)).toStrictEqual([
      "State 'Item' has next target 'Elsewhere', which is not a state of this graph",
      "The graph starting at 'Item' has no terminal state",
    ]);
  });
});

describe('StateGraph', () => {
  it('starts at its first state when startAt is unset', () => {
    const graph = new StateGraph({ states: [new PassState('First', { next: 'Second' }), new SucceedState('Second')] });

    expect(graph.startAt).toBe('First');
    expect(graph.render().StartAt).toBe('First');
  });

  it('renders each state in its own language, else the one passed in', () => {
    const graph = new StateGraph({
      states: [new PassState('Own', { queryLanguage: 'JSONPath', next: 'Inherits' }), new SucceedState('Inherits', { output: '{% 1 %}' })],
    });

    expect(graph.render('JSONata')).toStrictEqual({
      StartAt: 'Own',
      States: { Own: { Type: 'Pass', QueryLanguage: 'JSONPath', Next: 'Inherits' }, Inherits: { Type: 'Succeed', Output: '{% 1 %}' } },
    });
  });
});

describe('StateGraph loops', () => {
  const pick = (fallback: string) =>
    new ChoiceState('Pick', {
      choices: [{ condition: Condition.compare('$.done', 'BooleanEquals', true), next: 'Done' }],
      default: fallback,
    });

  it('rejects a loop with no way out, naming the states that cannot reach an end', () => {
    const states = [pick('L1'), new PassState('L1', { next: 'L2' }), new PassState('L2', { next: 'L1' }), new SucceedState('Done')];

    expect(problemsOf('Pick', states)).toStrictEqual(["No way to an end (End, Succeed or Fail) from 'L1', 'L2': a loop with no way out"]);
  });

  it('accepts a loop that a Choice or a Catch can leave', () => {
    const polling = [pick('Poll'), new TaskState('Poll', { resource: FUNCTION_ARN, next: 'Pick' }), new SucceedState('Done')];
    const untilError = [
      new TaskState('Work', { resource: FUNCTION_ARN, catch: [{ errorEquals: ['States.ALL'], next: 'Done' }], next: 'Again' }),
      new PassState('Again', { next: 'Work' }),
      new SucceedState('Done'),
    ];

    expect(problemsOf('Pick', polling)).toStrictEqual([]);
    expect(problemsOf('Work', untilError)).toStrictEqual([]);
  });

  it('checks loops inside nested graphs', () => {
    const items = new StateGraph({
      states: [
        new ChoiceState('Inner', { choices: [{ condition: Condition.compare('$.n', 'NumericEquals', 0), next: 'Stop' }], default: 'Spin' }),
        new PassState('Spin', { next: 'Spin' }),
        new SucceedState('Stop'),
      ],
    });

    expect(problemsOf('Each', [new MapState('Each', { itemProcessor: items, end: true })])).toStrictEqual([
      "No way to an end (End, Succeed or Fail) from 'Spin': a loop with no way out",
    ]);
  });
});
