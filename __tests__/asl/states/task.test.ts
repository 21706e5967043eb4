import { InvalidStateArgument, TaskState } from '../../../asl';
import { FUNCTION_ARN } from '../fixtures';

describe('TaskState', () => {
  it('renders fields in ASL order whatever the order of the props', () => {
    const a = new TaskState('T', { resource: FUNCTION_ARN, next: 'X', timeoutSeconds: 5, comment: 'c', resultPath: '$.r' });
    const b = new TaskState('T', { comment: 'c', resultPath: '$.r', timeoutSeconds: 5, resource: FUNCTION_ARN, next: 'X' });

    expect(JSON.stringify(a.render())).toBe(JSON.stringify(b.render()));
    expect(Object.keys(a.render())).toStrictEqual(['Type', 'Comment', 'Resource', 'TimeoutSeconds', 'ResultPath', 'Next']);
  });

  it('drops empty lists and unset fields', () => {
    expect(new TaskState('T', { resource: FUNCTION_ARN, retry: [], catch: [], end: true }).render()).toStrictEqual({
      Type: 'Task',
      Resource: FUNCTION_ARN,
      End: true,
    });
  });

  it.each([
    ['a zero task timeout', () => new TaskState('T', { resource: FUNCTION_ARN, timeoutSeconds: 0, end: true }), 'TimeoutSeconds: expected an integer from 1 to 99999999, got: 0'],
    ['a heartbeat not below the timeout', () => new TaskState('T', { resource: FUNCTION_ARN, timeoutSeconds: 10, heartbeatSeconds: 10, end: true }), 'HeartbeatSeconds: expected an integer from 1 to 9, got: 10'],
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
});
