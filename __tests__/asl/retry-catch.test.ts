import { SucceedState, TaskState } from '../../asl';
import type { Retrier } from '../../asl';
import { FUNCTION_ARN, problemsOf, itThrowsInvalidStateArgument } from './fixtures';

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

  itThrowsInvalidStateArgument([
    [
      'a backoff rate below 1',
      () => new TaskState('T', { resource: FUNCTION_ARN, retry: [{ errorEquals: ['X'], backoffRate: 0.5 }], end: true }),
      'Retry[0].BackoffRate: expected a number of at least 1.0, got: 0.5',
    ],
    [
      'an empty ErrorEquals',
      () => new TaskState('T', { resource: FUNCTION_ARN, catch: [{ errorEquals: [], next: 'X' }], end: true }),
      'Catch[0].ErrorEquals: expected at least one non-empty error name, got: []',
    ],
  ]);
});

describe('Retry numbers', () => {
  const task = (retrier: Partial<Retrier>) => () =>
    new TaskState('T', { resource: FUNCTION_ARN, retry: [{ errorEquals: ['X'], ...retrier }], end: true });

  itThrowsInvalidStateArgument([
    ['an infinite backoff rate', task({ backoffRate: Infinity }), 'Retry[0].BackoffRate: expected a number of at least 1.0, got: Infinity'],
    ['a NaN backoff rate', task({ backoffRate: NaN }), 'Retry[0].BackoffRate: expected a number of at least 1.0, got: NaN'],
    ['infinite attempts', task({ maxAttempts: Infinity }), 'Retry[0].MaxAttempts: expected an integer from 0 to 99999999, got: Infinity'],
    ['NaN attempts', task({ maxAttempts: NaN }), 'Retry[0].MaxAttempts: expected an integer from 0 to 99999999, got: NaN'],
    ['negative attempts', task({ maxAttempts: -1 }), 'Retry[0].MaxAttempts: expected an integer from 0 to 99999999, got: -1'],
    ['a fractional interval', task({ intervalSeconds: 1.5 }), 'Retry[0].IntervalSeconds: expected an integer from 1 to 99999999, got: 1.5'],
    [
      'a max delay over a year',
      task({ maxDelaySeconds: 31_622_401 }),
      'Retry[0].MaxDelaySeconds: expected an integer from 1 to 31622400, got: 31622401',
    ],
  ]);

  it('accepts the limits', () => {
    const rendered = task({ backoffRate: 1, maxAttempts: 0, intervalSeconds: 99_999_999, maxDelaySeconds: 31_622_400 })().render();

    expect(rendered.Retry).toStrictEqual([
      { ErrorEquals: ['X'], IntervalSeconds: 99_999_999, MaxAttempts: 0, BackoffRate: 1, MaxDelaySeconds: 31_622_400 },
    ]);
  });
});
