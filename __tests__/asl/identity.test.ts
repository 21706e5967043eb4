import {
  ChoiceState,
  Condition,
  FailState,
  InvalidStateArgument,
  MapState,
  ParallelState,
  PassState,
  StateGraph,
  SucceedState,
  TaskState,
  WaitState,
} from '../../asl';
import type { State } from '../../asl';
import { FUNCTION_ARN } from './fixtures';

const graph = () => new StateGraph({ states: [new SucceedState('Inner')] });
const catchAll = [{ errorEquals: ['States.ALL'], next: 'Recover' }];

/** One state of each kind, built with the given name, a declared language and its exits. */
const KINDS: [string, (name: string) => State, { transitions: string[]; terminal: boolean }][] = [
  [
    'Task',
    (name) => new TaskState(name, { queryLanguage: 'JSONata', resource: FUNCTION_ARN, catch: catchAll, next: 'On' }),
    { transitions: ['next:On', 'catch:Recover'], terminal: false },
  ],
  ['Pass', (name) => new PassState(name, { queryLanguage: 'JSONata', end: true }), { transitions: [], terminal: true }],
  [
    'Wait',
    (name) => new WaitState(name, { queryLanguage: 'JSONata', seconds: 1, next: 'On' }),
    { transitions: ['next:On'], terminal: false },
  ],
  [
    'Choice',
    (name) =>
      new ChoiceState(name, {
        queryLanguage: 'JSONata',
        choices: [{ condition: Condition.jsonata('{% true %}'), next: 'Yes' }],
        default: 'No',
      }),
    { transitions: ['choice:Yes', 'default:No'], terminal: false },
  ],
  ['Succeed', (name) => new SucceedState(name, { queryLanguage: 'JSONata' }), { transitions: [], terminal: true }],
  ['Fail', (name) => new FailState(name, { queryLanguage: 'JSONata' }), { transitions: [], terminal: true }],
  [
    'Parallel',
    (name) => new ParallelState(name, { queryLanguage: 'JSONata', branches: [graph()], catch: catchAll, end: true }),
    { transitions: ['catch:Recover'], terminal: true },
  ],
  [
    'Map',
    (name) => new MapState(name, { queryLanguage: 'JSONata', itemProcessor: graph(), next: 'On' }),
    { transitions: ['next:On'], terminal: false },
  ],
];

describe('StateIdentity, the base of every state kind', () => {
  it.each(KINDS)('gives a %s state its name, type, declared language and exits', (type, build, exits) => {
    const state = build('Named');

    expect([state.name, state.type, state.queryLanguage]).toStrictEqual(['Named', type, 'JSONata']);
    expect(state.transitions().map(({ kind, target }) => `${kind}:${target}`)).toStrictEqual(exits.transitions);
    expect(state.isTerminal()).toBe(exits.terminal);
  });

  it.each(KINDS)('rejects a %s state name over 80 characters', (_, build) => {
    const name = 'x'.repeat(81);

    expect(() => build(name)).toThrow(
      new InvalidStateArgument(`Expected a state name of 1 to 80 characters, got: ${JSON.stringify(name)}`),
    );
  });
});
