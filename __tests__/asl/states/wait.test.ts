import { InvalidStateArgument, StateMachineDefinition, WaitState } from '../../../asl';
import { problemsOf, itThrowsInvalidStateArgument } from '../fixtures';

describe('WaitState', () => {
  itThrowsInvalidStateArgument([
    [
      'two wait durations',
      () => new WaitState('W', { seconds: 5, timestamp: '2026-01-01T00:00:00Z', end: true } as never),
      'Wait: expected exactly one of seconds, timestamp, secondsPath, timestampPath, got: seconds, timestamp',
    ],
    [
      'a bad timestamp',
      () => new WaitState('W', { timestamp: 'tomorrow', end: true }),
      'Timestamp: expected an RFC 3339 timestamp, got: "tomorrow"',
    ],
  ]);
});

describe('WaitState timestamps and languages', () => {
  it.each([
    ['30 February', '2026-02-30T00:00:00Z'],
    ['29 February in a common year', '2027-02-29T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 25', '2026-01-01T25:00:00Z'],
    ['minute 60', '2026-01-01T00:60:00Z'],
    ['an offset of 24 hours', '2026-01-01T00:00:00+24:00'],
  ])('rejects %s', (_, timestamp) => {
    expect(() => new WaitState('W', { timestamp, end: true })).toThrow(
      new InvalidStateArgument(`Timestamp: expected an RFC 3339 timestamp, got: ${JSON.stringify(timestamp)}`),
    );
  });

  it('accepts a leap day', () => {
    expect(new WaitState('W', { timestamp: '2028-02-29T12:00:00Z', end: true }).render()).toStrictEqual({
      Type: 'Wait',
      Timestamp: '2028-02-29T12:00:00Z',
      End: true,
    });
  });

  it('rejects JSONata Seconds and Timestamp expressions in JSONPath states, and accepts them in JSONata ones', () => {
    const states = [
      new WaitState('Seconds', { seconds: '{% $states.input.delay %}', next: 'Until' }),
      new WaitState('Until', { timestamp: '{% $states.input.at %}', end: true }),
    ];

    expect(problemsOf('Seconds', states)).toStrictEqual([
      "State 'Seconds' uses a JSONata Seconds or Timestamp expression, which JSONPath states cannot have",
      "State 'Until' uses a JSONata Seconds or Timestamp expression, which JSONPath states cannot have",
    ]);
    expect(new StateMachineDefinition({ queryLanguage: 'JSONata', states }).problems()).toStrictEqual([]);
  });
});
