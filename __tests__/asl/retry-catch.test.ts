import { InvalidStateArgument, SucceedState, TaskState } from '../../asl';
import { FUNCTION_ARN, problemsOf } from './fixtures';

describe('Retry and Catch', () => {
  it('rejects States.ALL that is not last or not alone', () => {
    const states = [
      new TaskState('Work', {
        resource: FUNCTION_ARN,
        retry: [{ errorEquals: ['States.ALL'] }, { errorEquals: ['Lambda.ServiceException'] }],
        catch: [{ errorEquals: ['States.ALL', 'Custom'], next: 'Done' }],
        next: 'Done',
      }),
      new SucceedState('Done'),
    ];

    expect(problemsOf('Work', states)).toStrictEqual([
      "State 'Work' Retry[0] uses States.ALL but is not the last entry",
      "State 'Work' Catch[0] lists States.ALL with other errors; it must stand alone",
    ]);
  });

  it.each([
    ['a backoff rate below 1', () => new TaskState('T', { resource: FUNCTION_ARN, retry: [{ errorEquals: ['X'], backoffRate: 0.5 }], end: true }), 'Retry[0].BackoffRate: expected a number of at least 1.0, got: 0.5'],
    ['an empty ErrorEquals', () => new TaskState('T', { resource: FUNCTION_ARN, catch: [{ errorEquals: [], next: 'X' }], end: true }), 'Catch[0].ErrorEquals: expected at least one non-empty error name, got: []'],
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
});
