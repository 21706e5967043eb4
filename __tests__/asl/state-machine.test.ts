import {
  InvalidDefinition,
  MapState,
  ParallelState,
  PassState,
  StateGraph,
  StateMachineDefinition,
  lambdaInvoke,
  s3ListObjectsReader,
  snsPublish,
} from '../../asl';
import { aslValidationErrors } from '../helpers/asl-validator';
import { CHILD_EXECUTION_STATEMENTS, STATE_MACHINE_ARN, jsonataExample, jsonPathExample } from './fixtures';

describe('StateMachineDefinition', () => {
  it.each([
    ['JSONPath', jsonPathExample],
    ['JSONata', jsonataExample],
  ])('renders a %s definition that asl-validator accepts', (_, build) => {
    expect(aslValidationErrors(build().render())).toBe('');
  });

  it('gives byte-identical JSON for the same builder calls', () => {
    expect(jsonPathExample().render()).toBe(jsonPathExample().render());
  });

  it('lists every problem at once in the error message', () => {
    const definition = new StateMachineDefinition({
      startAt: 'Start',
      states: [new PassState('A', { next: 'B' }), new PassState('A', { end: true })],
    });

    expect(() => definition.render()).toThrow(
      new InvalidDefinition([
        "State name 'A' is used more than once",
        "StartAt 'Start' is not a state of this graph",
        "State 'A' has next target 'B', which is not a state of this graph",
      ]),
    );
    expect(() => definition.render()).toThrow(
      "Invalid state machine definition (3 problems):\n- State name 'A' is used more than once\n- StartAt 'Start' is not a state of this graph\n- State 'A' has next target 'B', which is not a state of this graph",
    );
  });
});

describe('StateMachineDefinition.permissions', () => {
  it('collects what each task declares, nested states included, merged by action', () => {
    const definition = new StateMachineDefinition({
      startAt: 'One',
      states: [
        lambdaInvoke('One', { functionArn: 'arn:one', next: 'Both' }),
        new ParallelState('Both', {
          branches: [
            new StateGraph({ startAt: 'Two', states: [lambdaInvoke('Two', { functionArn: 'arn:two', end: true })] }),
            new StateGraph({ startAt: 'Tell', states: [snsPublish('Tell', { topicArn: 'arn:topic', message: 'hi', end: true })] }),
          ],
          end: true,
        }),
      ],
    });

    expect(definition.permissions()).toStrictEqual([
      { actions: ['lambda:InvokeFunction'], resources: ['arn:one', 'arn:one:*', 'arn:two', 'arn:two:*'] },
      { actions: ['sns:Publish'], resources: ['arn:topic'] },
    ]);
  });
});

describe('StateMachineDefinition startAt', () => {
  it('defaults StartAt to the first state', () => {
    const definition = new StateMachineDefinition({ states: [new PassState('A', { next: 'B' }), new PassState('B', { end: true })] });

    expect(definition.toJSON()).toStrictEqual({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } });
  });
});

describe('StateMachineDefinition.permissions with conditions', () => {
  it('merges statements only when both actions and conditions are identical', () => {
    const items = (name: string) => new StateGraph({ states: [new PassState(name, { end: true })] });
    const map = (name: string, prefix: string, next?: string) =>
      new MapState(name, {
        itemProcessor: items(`${name} item`),
        distributed: {
          executionType: 'STANDARD',
          stateMachineArn: STATE_MACHINE_ARN,
          itemReader: s3ListObjectsReader({ bucket: 'data', prefix }),
        },
        ...(next === undefined ? { end: true as const } : { next }),
      });
    const definition = new StateMachineDefinition({ states: [map('A', 'in/', 'B'), map('B', 'in/', 'C'), map('C', 'other/')] });

    expect(definition.permissions()).toStrictEqual([
      ...CHILD_EXECUTION_STATEMENTS,
      {
        actions: ['s3:ListBucket'],
        resources: ['arn:aws:s3:::data'],
        conditions: [{ test: 'StringLike', variable: 's3:prefix', values: ['in/'] }],
      },
      {
        actions: ['s3:ListBucket'],
        resources: ['arn:aws:s3:::data'],
        conditions: [{ test: 'StringLike', variable: 's3:prefix', values: ['other/'] }],
      },
    ]);
  });
});
